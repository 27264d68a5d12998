import type { AxiosRequestConfig } from 'axios'
// The Axios class with its defaults, without the `axios` namespace object: that object carries CancelToken, the
// HTTP status table, toFormData, spread and more that nothing here uses, and as one object it cannot be tree-shaken.
import Axios from 'axios/unsafe/core/Axios.js'
import mergeConfig from 'axios/unsafe/core/mergeConfig.js'
import defaults from 'axios/unsafe/defaults/index.js'
import { safeParse } from 'zod/mini'
import type { $ZodType, output } from 'zod/v4/core'
import { ApiError } from '../../contracts/errors.js'
import { ApiFailure, noteFailure } from '../errors.js'
import { errorText, t } from '../i18n/index.js'

// Callers of the API layer catch its failures by this class; it lives in src/errors.ts with `describeError`.
export { ApiFailure }

export const http = new Axios(
  mergeConfig(defaults, {
    baseURL: '/api',
    // XHR works in every WeCom webview; the build leaves axios's fetch adapter out (scripts/axios-trim.ts).
    adapter: 'xhr',
    // Longer than the proxy's worst case (a token fetch and a vendor call, each retried within its deadline).
    timeout: 45_000,
    withCredentials: true,
    headers: { accept: 'application/json' },
    // Every status reaches `toFailure`: the proxy's { code, message } says more than axios would.
    validateStatus: () => true,
    // The proxy sets no XSRF cookie (writes are checked by their Origin): nothing to read before each request, and
    // the build leaves axios's cookie reader out (scripts/axios-trim.ts).
    xsrfCookieName: '',
  }),
)

type SessionExpiredListener = () => void
let onSessionExpired: SessionExpiredListener | null = null

/** The app decides what an expired session means (sign in again); the API layer only reports it once per call. */
export function whenSessionExpires(listener: SessionExpiredListener | null): void {
  onSessionExpired = listener
}

/**
 * A query's values: flat. The build serializes query params with a flat stand-in for axios's `toFormData`
 * (scripts/axios-trim.ts), which refuses nested objects and arrays, so the compiler refuses them here first.
 */
export type QueryParams = Record<string, string | number | boolean | null | undefined>

/** Calls the proxy and holds the answer to its contract; anything else becomes an `ApiFailure`. */
export async function call<S extends $ZodType>(
  schema: S,
  config: Omit<AxiosRequestConfig, 'params'> & { params?: QueryParams },
): Promise<output<S>> {
  const res = await http.request<unknown>(config).catch((err: unknown) => {
    throw noteFailure(transportFailure(err))
  })
  if (res.status >= 200 && res.status < 300) {
    const parsed = safeParse(schema, res.status === 204 ? undefined : res.data)
    if (!parsed.success) throw noteFailure(new ApiFailure(res.status, 'BAD_ANSWER', t('common.errors.badAnswer')))
    return parsed.data
  }
  const failure = noteFailure(toFailure(res.status, res.data, String(res.headers['x-request-id'] ?? '') || undefined))
  if (failure.isSessionExpired) onSessionExpired?.()
  throw failure
}

function toFailure(status: number, body: unknown, requestId: string | undefined): ApiFailure {
  const error = safeParse(ApiError, body)
  if (error.success)
    return new ApiFailure(
      status,
      error.data.code,
      errorText(error.data.code, error.data.message, error.data),
      error.data.requestId ?? requestId,
    )
  if (status === 401) return new ApiFailure(status, 'NO_SESSION', t('common.errors.sessionExpired'), requestId)
  return new ApiFailure(status, `HTTP_${status}`, t('common.errors.server', { status }), requestId)
}

function transportFailure(err: unknown): ApiFailure {
  const code = (err as { isAxiosError?: boolean; code?: string } | null)?.code
  if ((err as { isAxiosError?: boolean } | null)?.isAxiosError && (code === 'ECONNABORTED' || code === 'ETIMEDOUT')) {
    return new ApiFailure(0, 'TIMEOUT', t('common.errors.timeout'))
  }
  return new ApiFailure(0, 'NETWORK', t('common.errors.network'))
}
