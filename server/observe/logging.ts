import type { FastifyServerOptions } from 'fastify'
import { pino } from 'pino'
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
  // JSON goes to standard output asynchronously: a request never waits for its log lines to reach the pipe. pino
  // flushes what is buffered when the process exits (also by `process.exit`); a SIGKILL may lose the last lines.
  // pino-pretty runs in a worker thread of its own, asynchronous too.
  if (format === 'json') return { level: config.logLevel, serializers, stream: pino.destination({ dest: 1, sync: false }) }
  return {
    level: config.logLevel,
    serializers,
    transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } },
  }
}
