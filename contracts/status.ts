import * as z from 'zod/mini'

// The admins' 系统状态 page (/admin/status): what the proxy knows about each vendor, its own set-up and its database.

const Vendor = z.enum(['wecom', 'youmi', 'wshoto'])

/**
 * One live check (a token or ticket fetched now, a signature computed, a URL fetched). `name`, `detail` and `advice`
 * are the proxy's words (Chinese), for API users and for checks a sidebar does not know yet; the sidebar words the
 * check in the page's language from `id`, `params`, `detailKey` and `adviceKey` (contracts/status-words.ts).
 */
export const StatusCheck = z.object({
  /** Which check, stable across releases: a key of `STATUS_CHECK_WORDS` (`wecomToken`, `signatureLive`, `health`, …). */
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  /** The proxy's error code when it failed. */
  code: z.optional(z.string()),
  /** What happened, in words. */
  detail: z.optional(z.string()),
  /** Which of the check's sentences `detail` is; absent when `detail` is the proxy's error message (worded by `code`). */
  detailKey: z.optional(z.string()),
  /** The values in `name` and `detail` (a URL, a signature, an HTTP status). */
  params: z.optional(z.record(z.string(), z.string())),
  /** What an admin does about it, when it failed. */
  advice: z.optional(z.string()),
  /** Which advice `advice` is (`AdviceKey` in contracts/vendor-advice.ts: `wecom:60020`, `kind:TIMEOUT`, …). */
  adviceKey: z.optional(z.string()),
})
export type StatusCheck = z.infer<typeof StatusCheck>

export const VendorStatus = z.object({
  vendor: Vendor,
  name: z.string(),
  simulated: z.boolean(),
  baseUrl: z.string(),
  /** Null until the first check ran. */
  credentials: z.nullable(z.object({ ok: z.boolean(), checkedAt: z.string(), checks: z.array(StatusCheck) })),
  breaker: z.enum(['closed', 'open', 'halfOpen']),
  lastHour: z.object({
    calls: z.number(),
    failures: z.number(),
    /** Failures by the proxy's error code (and the vendor's own code when there was one). */
    byCode: z.array(z.object({ code: z.string(), vendorCode: z.optional(z.string()), count: z.number() })),
  }),
  lastError: z.nullable(
    z.object({
      at: z.string(),
      op: z.string(),
      code: z.string(),
      vendorCode: z.optional(z.string()),
      message: z.string(),
      advice: z.string(),
      /** Which advice (`AdviceKey` in contracts/vendor-advice.ts), for wording it in the page's language. */
      adviceKey: z.string(),
    }),
  ),
  /** Our clock minus the vendor's `Date` header, in seconds; null before any answer. */
  clockSkewSeconds: z.nullable(z.number()),
  clockOk: z.boolean(),
  /** What to do when the clocks differ too much. */
  clockAdvice: z.optional(z.string()),
  clockAdviceKey: z.optional(z.string()),
})
export type VendorStatus = z.infer<typeof VendorStatus>

export const SystemStatus = z.object({
  checkedAt: z.nullable(z.string()),
  vendors: z.array(VendorStatus),
  /** The JS-SDK signature self-test: WeCom's published test vector, and a live signature for PUBLIC_URL. */
  signature: z.array(StatusCheck),
  publicUrl: z.object({ url: z.string(), checks: z.array(StatusCheck) }),
  database: z.object({
    kind: z.enum(['pglite', 'postgres', 'memory']),
    ok: z.boolean(),
    reason: z.optional(z.string()),
    migrationsApplied: z.nullable(z.number()),
    migrationsExpected: z.number(),
    /** Bytes: the database's files (PGlite) or its size on the server (PostgreSQL). */
    sizeBytes: z.nullable(z.number()),
    /** Bytes of the materials library's files (DATA_DIR/files). */
    filesBytes: z.nullable(z.number()),
  }),
  app: z.object({
    version: z.string(),
    startedAt: z.string(),
    demo: z.boolean(),
    instanceId: z.string(),
    instances: z.array(z.object({ id: z.string(), host: z.string(), version: z.string(), startedAt: z.string(), seenAt: z.string() })),
  }),
  /** When 「重新检查」 may run again (it is rate-limited: tokens and tickets are limited at the vendors). */
  nextCheckAt: z.nullable(z.string()),
})
export type SystemStatus = z.infer<typeof SystemStatus>

/** `GET /api/ready`. */
export const Readiness = z.object({
  status: z.enum(['ready', 'unready']),
  reason: z.optional(z.string()),
  migrationsApplied: z.optional(z.number()),
  migrationsExpected: z.number(),
})
export type Readiness = z.infer<typeof Readiness>
