export interface IssuedToken {
  value: string
  expiresInSeconds: number
}

/** A credential as an instance holds it: used until `refreshAt` (shortly before `expiresAt`), times in ms. */
export interface HeldToken {
  value: string
  refreshAt: number
  expiresAt: number
}

/**
 * Where the instances of a cluster share their credentials (server/services/vendor-credentials.ts: a table and a
 * lock per credential), so the whole cluster fetches each credential once, as one process would.
 */
export interface SharedCredentials {
  /**
   * The credential every instance uses: the stored one while `now()` is before its `refreshAt`; otherwise one instance
   * calls `fetch` (the others wait for it and take what it stored). `force`: fetch whatever is stored.
   */
  obtain(name: string, fetch: () => Promise<HeldToken>, o: { now: () => number; force: boolean }): Promise<HeldToken>
  /** The vendor refused `value`: no instance may be handed it again (a newer value stored meanwhile stays). */
  drop(name: string, value: string): Promise<void>
}

export interface TokenCacheOptions {
  /** Fetches a fresh token or ticket from the vendor. */
  fetch: () => Promise<IssuedToken>
  now?: () => number
  /** Refresh this long before the vendor's expiry; capped at a tenth of the lifetime so short test lifetimes still work. */
  marginMs?: number
  /** Shared with the other instances under `name` (which credential, of which app, at which vendor address). */
  shared?: { credentials: SharedCredentials; name: string }
}

/**
 * One cached credential (an access token or a JS ticket).
 * - returns the cached value until shortly before it expires;
 * - concurrent callers share one in-flight fetch (vendors limit fetches: WeCom tickets 100/hour per app);
 * - with `shared`, a miss asks the cluster's copy first, so several instances fetch once between them;
 * - `invalidate(value)` drops only that value, so a late failure of an old token cannot throw away a new one.
 */
export class TokenCache {
  private current: { value: string; refreshAt: number } | undefined
  private inFlight: Promise<string> | undefined
  private readonly now: () => number
  private readonly marginMs: number

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now
    this.marginMs = options.marginMs ?? 5 * 60_000
  }

  async get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return this.current.value
    return this.start(false)
  }

  /**
   * Fetches a fresh value from the vendor now, whatever this process or the cluster holds (the admins' 「重新检查」: do
   * the credentials work *now*?). Joins a fetch already on its way instead of starting a second one.
   */
  async refreshNow(): Promise<string> {
    if (this.inFlight) return this.inFlight
    this.current = undefined
    return this.start(true)
  }

  /** Drops `value` here and, when shared, for every instance (only if the cluster still holds that value). */
  async invalidate(value?: string): Promise<void> {
    if (!this.current || value === undefined || this.current.value === value) this.current = undefined
    const shared = this.options.shared
    if (shared && value !== undefined) await shared.credentials.drop(shared.name, value)
  }

  /**
   * Runs `call` with the token; when the vendor says the token is invalid, drops it, fetches again and retries once.
   * Only for calls the vendor refused outright (a token-invalid answer means nothing happened), so the retry is safe.
   */
  async use<T>(call: (token: string) => Promise<T>, isTokenInvalid: (err: unknown) => boolean): Promise<T> {
    const token = await this.get()
    try {
      return await call(token)
    } catch (err) {
      if (!isTokenInvalid(err)) throw err
      await this.invalidate(token)
      return call(await this.get())
    }
  }

  private start(force: boolean): Promise<string> {
    this.inFlight ??= this.refresh(force).finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  private async refresh(force: boolean): Promise<string> {
    const shared = this.options.shared
    const held = shared
      ? await shared.credentials.obtain(shared.name, () => this.fetchHeld(), { now: this.now, force })
      : await this.fetchHeld()
    this.current = { value: held.value, refreshAt: held.refreshAt }
    return held.value
  }

  private async fetchHeld(): Promise<HeldToken> {
    const issued = await this.options.fetch()
    const at = this.now()
    const lifetimeMs = Math.max(0, issued.expiresInSeconds * 1000)
    const margin = Math.min(this.marginMs, lifetimeMs / 10)
    return { value: issued.value, refreshAt: at + lifetimeMs - margin, expiresAt: at + lifetimeMs }
  }
}
