export interface IssuedToken {
  value: string
  expiresInSeconds: number
}

export interface TokenCacheOptions {
  /** Fetches a fresh token or ticket from the vendor. */
  fetch: () => Promise<IssuedToken>
  now?: () => number
  /** Refresh this long before the vendor's expiry; capped at a tenth of the lifetime so short test lifetimes still work. */
  marginMs?: number
}

/**
 * One cached credential (an access token or a JS ticket).
 * - returns the cached value until shortly before it expires;
 * - concurrent callers share one in-flight fetch (vendors limit fetches: WeCom tickets 100/hour per app);
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
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  /**
   * Fetches a fresh value now, whatever the cache holds (the admins' 「重新检查」: do the credentials work *now*?).
   * Joins a fetch already on its way instead of starting a second one.
   */
  async refreshNow(): Promise<string> {
    if (!this.inFlight) this.current = undefined
    return this.get()
  }

  invalidate(value?: string): void {
    if (!this.current || value === undefined || this.current.value === value) this.current = undefined
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
      this.invalidate(token)
      return call(await this.get())
    }
  }

  private async refresh(): Promise<string> {
    const issued = await this.options.fetch()
    const lifetimeMs = Math.max(0, issued.expiresInSeconds * 1000)
    const margin = Math.min(this.marginMs, lifetimeMs / 10)
    this.current = { value: issued.value, refreshAt: this.now() + lifetimeMs - margin }
    return issued.value
  }
}
