import { randomBytes } from 'node:crypto'
import type { Env, QikeliaoSettings } from '../../config.js'
import { resolveKeys } from './keys.js'
import { DEFAULT_MAPPING, parseFieldMap, type QikeliaoMapping } from './mapping.js'

/** Start-up problems with the QIKELIAO_* variables, in parseEnv's words; none when 企客聊 is not configured. */
export function qikeliaoEnvProblems(env: Env): string[] {
  const problems = parseFieldMap(env.QIKELIAO_FIELD_MAP).problems
  const set = (['QIKELIAO_IV', 'QIKELIAO_SYSTEM_KEY', 'QIKELIAO_DOCK_PWD'] as const).filter((k) => env[k] !== undefined)
  if (!env.QIKELIAO_KEY) {
    if (set.length)
      problems.push(`企客聊: ${set.join(', ')} set but QIKELIAO_KEY missing (set QIKELIAO_KEY to turn the 企客聊 entry on, or unset them)`)
    return problems
  }
  const keys = resolveKeys({
    cipher: env.QIKELIAO_CIPHER,
    key: env.QIKELIAO_KEY,
    iv: env.QIKELIAO_IV ?? '',
    systemKey: env.QIKELIAO_SYSTEM_KEY ?? '',
  })
  if (!keys.ok) problems.push(...keys.problems)
  return problems
}

function mappingOf(env: Env): QikeliaoMapping {
  return { friendField: env.QIKELIAO_FRIEND_FIELD, fields: { ...DEFAULT_MAPPING.fields, ...parseFieldMap(env.QIKELIAO_FIELD_MAP).fields } }
}

/**
 * The 企客聊 entry's settings: the operator's keys when QIKELIAO_KEY is set; in a demo keys made up for this run
 * (16 characters each, as 企客聊 hands them out), so the playground can make entry links with no configuration;
 * otherwise none (the entry says 企客聊 is not configured).
 */
export function qikeliaoSettingsOf(env: Env, demo: boolean): QikeliaoSettings | undefined {
  const base = { maxAgeS: env.QIKELIAO_MAX_AGE_S, mapping: mappingOf(env) }
  if (env.QIKELIAO_KEY) {
    return {
      ...base,
      cipher: env.QIKELIAO_CIPHER,
      key: env.QIKELIAO_KEY,
      iv: env.QIKELIAO_IV ?? '',
      systemKey: env.QIKELIAO_SYSTEM_KEY ?? '',
      dockPwd: env.QIKELIAO_DOCK_PWD ?? '',
      simulated: false,
    }
  }
  if (!demo) return undefined
  const made = () => randomBytes(12).toString('base64url')
  // The demo uses the default cipher so that what it shows is what a default deployment does.
  return { ...base, cipher: 'aes-128-cbc', key: made(), iv: made(), systemKey: made(), dockPwd: made(), simulated: true }
}
