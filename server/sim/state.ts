import { randomBytes } from 'node:crypto'

export type Vendor = 'wecom' | 'youmi' | 'wshoto'
export const vendors: readonly Vendor[] = ['wecom', 'youmi', 'wshoto']

export interface RecordedRequest {
  vendor: Vendor
  method: string
  path: string
  query: Record<string, unknown>
  headers: Record<string, string | string[] | undefined>
  /** Parsed body; for a multipart upload, a summary of the parts (never the bytes). */
  body: unknown
  at: number
  /** Filled when the answer has gone out (absent for a dropped connection). */
  status?: number
  /** The fault that answered this call instead of the simulated vendor, if any. */
  fault?: FaultKind
}

export type FaultKind = 'latency' | 'http' | 'code' | 'malformed' | 'wrongShape' | 'drop'

export interface Fault {
  vendor: Vendor
  kind: FaultKind
  /** Calls left to hit. */
  count: number
  path?: string
  latencyMs?: number
  status?: number
  code?: number | string
}

export interface IssuedToken {
  token: string
  issuedAt: number
  expiresAt: number
  revoked: boolean
}

export interface IssuedTicket {
  kind: 'corp' | 'agent'
  ticket: string
  expiresAt: number
  revoked: boolean
}

export interface OAuthCode {
  code: string
  userId: string
  scope: string
  expiresAt: number
}

export interface UploadedMedia {
  mediaId: string
  type: 'image' | 'video' | 'file'
  filename: string
  mimetype: string
  size: number
  createdAt: number
  /** Temporary media lives three days at WeCom. */
  expiresAt: number
  /** Set by the `/__sim/media/revoke` control: WeCom then answers 40007 for the id, as for an expired one. */
  revoked: boolean
  /** What was uploaded, so the playground can show it; dropped for the oldest uploads past MEDIA_BYTES_KEPT. */
  bytes?: Buffer
}

export interface YoumiTask {
  id: number
  body: unknown
  createdAt: number
  /** start_time of the task, unix seconds. */
  startTime: number
  deleted: boolean
}

export interface SimCounts {
  wecomToken: number
  wecomCorpTicket: number
  wecomAgentTicket: number
  youmiToken: number
  wshotoToken: number
}

export interface SimState {
  /** ms clock reading when the simulator (re)started; campaign progress is measured from it. */
  startedAt: number
  tokenTtlSeconds: number
  requests: RecordedRequest[]
  faults: Fault[]
  counts: SimCounts
  wecom: {
    tokens: Map<string, IssuedToken>
    tickets: IssuedTicket[]
    codes: Map<string, OAuthCode>
    media: UploadedMedia[]
  }
  youmi: {
    tokens: Map<string, IssuedToken>
    tasks: YoumiTask[]
    nextTaskId: number
  }
  wshoto: {
    tokens: Map<string, IssuedToken>
    /** WShoto hands out the same token until it expires or is revoked. */
    current: string | null
  }
}

/** Youmi's example answer gives 880 as a new task id; starting there keeps demo figures plausible. */
export const FIRST_YOUMI_TASK_ID = 880

export function createState(startedAt: number, tokenTtlSeconds: number): SimState {
  return {
    startedAt,
    tokenTtlSeconds,
    requests: [],
    faults: [],
    counts: { wecomToken: 0, wecomCorpTicket: 0, wecomAgentTicket: 0, youmiToken: 0, wshotoToken: 0 },
    wecom: { tokens: new Map(), tickets: [], codes: new Map(), media: [] },
    youmi: { tokens: new Map(), tasks: [], nextTaskId: FIRST_YOUMI_TASK_ID },
    wshoto: { tokens: new Map(), current: null },
  }
}

/** Resets in place so every holder of `sim.state` sees the new state. */
export function resetState(state: SimState, startedAt: number, tokenTtlSeconds: number): void {
  Object.assign(state, createState(startedAt, tokenTtlSeconds))
}

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'expired'

export function checkToken(tokens: Map<string, IssuedToken>, token: string | undefined, now: number): TokenCheck {
  if (token === undefined || token === '') return 'missing'
  const found = tokens.get(token)
  if (!found || found.revoked) return 'invalid'
  if (now >= found.expiresAt) return 'expired'
  return 'ok'
}

export function issueToken(tokens: Map<string, IssuedToken>, token: string, now: number, ttlSeconds: number): IssuedToken {
  const issued: IssuedToken = { token, issuedAt: now, expiresAt: now + ttlSeconds * 1000, revoked: false }
  tokens.set(token, issued)
  return issued
}

export function revokeVendor(state: SimState, vendor: Vendor): void {
  for (const t of state[vendor].tokens.values()) t.revoked = true
  if (vendor === 'wecom') for (const t of state.wecom.tickets) t.revoked = true
  if (vendor === 'wshoto') state.wshoto.current = null
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random string over [A-Za-z0-9]; tokens, tickets, codes and media ids all look like this at the vendors. */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  // 248 is the largest multiple of 62 below 256; rejecting above it keeps the alphabet uniform.
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + randomAlnum(length - out.length)
    const b = bytes[i]!
    if (b < 248) out += ALNUM[b % 62]
  }
  return out
}
