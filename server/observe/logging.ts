import type { FastifyServerOptions } from 'fastify'
import type { AppConfig } from '../config.js'

/**
 * Fastify's logger: JSON lines in production (for a log collector), readable lines through pino-pretty elsewhere
 * (`LOG_FORMAT` overrides either). Request lines are at `debug` outside production (http-hooks.ts), so a demo's
 * console shows start-up, warnings and errors unless LOG_LEVEL=debug.
 */
export function loggerOptions(
  config: Pick<AppConfig, 'logLevel' | 'logFormat' | 'nodeEnv'>,
  serializers: NonNullable<Exclude<FastifyServerOptions['logger'], boolean | undefined>>['serializers'],
): FastifyServerOptions['logger'] {
  const format = config.logFormat ?? (config.nodeEnv === 'production' ? 'json' : 'pretty')
  if (format === 'json') return { level: config.logLevel, serializers }
  return {
    level: config.logLevel,
    serializers,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } },
  }
}
