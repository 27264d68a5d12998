import { randomBytes } from 'node:crypto'
import { resolveKeys } from './keys.js'
import { DEFAULT_MAPPING, parseFieldMap, type QikeliaoMapping } from './mapping.js'

/**
 * The QIKELIAO_* variables as server/config.ts validates them. Spelled out here, not taken from config.ts's `Env`,
 * so that config.ts can import this file (for parseEnv's problems and the settings type) without an import cycle.
 */
export interface QikeliaoEnv {
  QIKELIAO_CIPHER: string
  QIKELIAO_KEY?: string
  QIKELIAO_IV?: string
  QIKELIAO_SYSTEM_KEY?: string
  QIKELIAO_MAX_AGE_S: number
  QIKELIAO_FRIEND_FIELD: QikeliaoMapping['friendField']
  QIKELIAO_FIELD_MAP?: string
  QIKELIAO_DOCK_PWD?: string
}

export interface QikeliaoSettings {
  /** A Node crypto cipher name (`QIKELIAO_CIPHER`). */
  cipher: string
  key: string
  iv: string
  systemKey: string
  /** How old an entry's `time` may be (`QIKELIAO_MAX_AGE_S`). */
  maxAgeS: number
  /** From the payload to the friend and its Youmi identity (`QIKELIAO_FRIEND_FIELD`, `QIKELIAO_FIELD_MAP`). */
  mapping: QikeliaoMapping
  /** `QIKELIAO_DOCK_PWD`: when set, the payload's dockPwd must equal it; "" checks nothing. */
  dockPwd: string
  /** True when the keys were made up for a demo run (the simulator mints entry URLs with them). */
  simulated: boolean
}

/** Start-up problems with the QIKELIAO_* variables, in parseEnv's words; none when 企客聊 is not configured. */
export function qikeliaoEnvProblems(env: QikeliaoEnv): string[] {
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

function mappingOf(env: QikeliaoEnv): QikeliaoMapping {
  return { friendField: env.QIKELIAO_FRIEND_FIELD, fields: { ...DEFAULT_MAPPING.fields, ...parseFieldMap(env.QIKELIAO_FIELD_MAP).fields } }
}

/**
 * The 企客聊 entry's settings: the operator's keys when QIKELIAO_KEY is set; in a demo keys made up for this run
 * (16 characters each, as 企客聊 hands them out), so the playground can make entry links with no configuration;
 * otherwise none (the entry says 企客聊 is not configured).
 */
export function qikeliaoSettingsOf(env: QikeliaoEnv, demo: boolean): QikeliaoSettings | undefined {
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
