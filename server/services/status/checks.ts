import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StatusCheck } from '../../../contracts/status.js'
import { fillWords, STATUS_CHECK_WORDS, type StatusCheckId, type StatusDetailKey } from '../../../contracts/status-words.js'
import { adviceFor, type AdviceKey } from '../../../contracts/vendor-advice.js'
import { AppError } from '../../errors.js'
import type { HttpClient } from '../../upstream/http.js'
import { jsSignature, type SignatureService } from '../signatures.js'

/**
 * WeCom's published example of the JS-SDK signature (企业微信开发者中心「JS-SDK使用权限签名算法」): if our function
 * does not give this, no signature we make will be accepted.
 */
export const WECOM_TEST_VECTOR = {
  ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
  nonceStr: 'Wm3WZYTPz0wzccnW',
  timestamp: 1414587457,
  url: 'http://mp.weixin.qq.com?params=value',
  signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
}

type Params = Record<string, string>
/** What a check found: which of its sentences, with the values in it. */
type Found<I extends StatusCheckId> = { detailKey?: StatusDetailKey<I>; params?: Params }

/** A check's answer, its name and detail worded from STATUS_CHECK_WORDS, its advice from contracts/vendor-advice.ts. */
export function checkResult<I extends StatusCheckId>(
  id: I,
  r: Found<I> & { ok: boolean; code?: string; detail?: string; advice?: { adviceKey: AdviceKey; advice: string } },
): StatusCheck {
  const words: Record<string, string> = STATUS_CHECK_WORDS[id]
  const params = r.params && Object.keys(r.params).length ? r.params : undefined
  const detail = r.detailKey ? fillWords(words[r.detailKey as string]!, params) : r.detail
  return {
    id,
    name: fillWords(words.name!, params),
    ok: r.ok,
    ...(r.code ? { code: r.code } : {}),
    ...(detail ? { detail } : {}),
    ...(r.detailKey ? { detailKey: r.detailKey as string } : {}),
    ...(params ? { params } : {}),
    ...(r.advice ?? {}),
  }
}

/** A check's failure worded by one of its sentences (rather than by the error's message). */
class CheckFailed<I extends StatusCheckId> extends AppError {
  constructor(
    id: I,
    code: string,
    readonly found: Required<Pick<Found<I>, 'detailKey'>> & Found<I>,
  ) {
    super(502, code, fillWords((STATUS_CHECK_WORDS[id] as Record<string, string>)[found.detailKey as string]!, found.params))
  }
}

/**
 * A check that ran `work`: ok with what it found, or the failure in the proxy's code with what to do. `params` are the
 * values in its name.
 */
export async function runCheck<I extends StatusCheckId>(
  id: I,
  vendor: string,
  work: () => Promise<Found<I> | void>,
  params: Params = {},
): Promise<StatusCheck> {
  try {
    const found = (await work()) ?? {}
    return checkResult(id, { ok: true, ...found, params: { ...params, ...found.params } })
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL'
    const vendorCode = err instanceof AppError ? err.details?.vendorCode : undefined
    const advice = adviceFor(vendor, code, vendorCode)
    if (err instanceof CheckFailed) {
      const found = err.found as Found<I>
      return checkResult(id, { ok: false, code, ...found, params: { ...params, ...found.params }, advice })
    }
    const detail = err instanceof Error ? err.message : String(err)
    return checkResult(id, { ok: false, code, detail, params, advice })
  }
}

/** The test vector, then a live signature for PUBLIC_URL checked against the tickets it was made with. */
export async function signatureChecks(
  signatures: SignatureService,
  tickets: () => Promise<[string, string]>,
  publicUrl: string,
): Promise<StatusCheck[]> {
  const v = WECOM_TEST_VECTOR
  const ours = jsSignature(v.ticket, v.nonceStr, v.timestamp, v.url)
  const vector =
    ours === v.signature
      ? checkResult('signatureVector', { ok: true, detailKey: 'signature', params: { signature: v.signature } })
      : checkResult('signatureVector', {
          ok: false,
          code: 'SIGNATURE_SELF_TEST_FAILED',
          detailKey: 'mismatch',
          params: { got: ours, expected: v.signature },
          advice: adviceFor('wecom', 'SIGNATURE_SELF_TEST_FAILED'),
        })
  const page = `${publicUrl}/`
  const live = await runCheck(
    'signatureLive',
    'wecom',
    async () => {
      const s = await signatures.sign(page)
      const [corp, agent] = await tickets()
      const okCorp = jsSignature(corp, s.corp.nonceStr, s.corp.timestamp, page) === s.corp.signature
      const okAgent = jsSignature(agent, s.agent.nonceStr, s.agent.timestamp, page) === s.agent.signature
      if (!okCorp || !okAgent) throw new CheckFailed('signatureLive', 'SIGNATURE_SELF_TEST_FAILED', { detailKey: 'mismatch' })
      return { detailKey: 'signed', params: { corp: s.corp.signature.slice(0, 8), agent: s.agent.signature.slice(0, 8) } }
    },
    { page },
  )
  return [vector, live]
}

/** `PUBLIC_URL`: https, answers our own health check, and serves WeCom's WW_verify_*.txt when one is in the build. */
export async function publicUrlChecks(o: {
  publicUrl: string
  demo: boolean
  staticDir?: string
  http: HttpClient
  timeoutMs: number
}): Promise<StatusCheck[]> {
  const https = o.publicUrl.startsWith('https://')
  const checks: StatusCheck[] = [
    https
      ? checkResult('https', { ok: true })
      : o.demo
        ? checkResult('https', { ok: true, detailKey: 'demo' })
        : checkResult('https', { ok: false, code: 'PUBLIC_URL_NOT_HTTPS', advice: adviceFor('public', 'PUBLIC_URL_NOT_HTTPS') }),
  ]
  const health = `${o.publicUrl}/api/health`
  checks.push(
    await runCheck(
      'health',
      'public',
      async () => {
        const res = await fetchText(o, 'health', health)
        if (res.status !== 200)
          throw new CheckFailed('health', 'PUBLIC_URL_UNREACHABLE', { detailKey: 'status', params: { status: String(res.status) } })
        return { detailKey: 'status', params: { status: '200' } }
      },
      { url: health },
    ),
  )
  for (const name of verifyFiles(o.staticDir)) {
    const expected = readFileSync(join(o.staticDir!, name), 'utf8').trim()
    const url = `${o.publicUrl}/${name}`
    checks.push(
      await runCheck(
        'wwVerify',
        'public',
        async () => {
          const res = await fetchText(o, 'wwVerify', url)
          if (res.status !== 200) {
            throw new CheckFailed('wwVerify', 'WW_VERIFY_NOT_SERVED', { detailKey: 'status', params: { status: String(res.status) } })
          }
          if (res.text.trim() !== expected) throw new CheckFailed('wwVerify', 'WW_VERIFY_NOT_SERVED', { detailKey: 'different' })
          return { detailKey: 'same' }
        },
        { url },
      ),
    )
  }
  return checks
}

function verifyFiles(dir: string | undefined): string[] {
  if (!dir) return []
  try {
    return readdirSync(dir).filter((f) => /^WW_verify_[A-Za-z0-9]+\.txt$/.test(f))
  } catch {
    return []
  }
}

async function fetchText(o: { http: HttpClient; timeoutMs: number }, id: 'health' | 'wwVerify', url: string) {
  try {
    return await o.http({ method: 'GET', url, timeoutMs: o.timeoutMs })
  } catch (err) {
    throw new CheckFailed(id, 'PUBLIC_URL_UNREACHABLE', { detailKey: 'unreachable', params: { reason: (err as Error).message } })
  }
}
