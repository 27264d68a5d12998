import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { StatusCheck } from '../../../contracts/status.js'
import { adviceFor } from '../../../contracts/vendor-advice.js'
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

/** A check that ran `work`: ok, or the failure in the proxy's code with what to do. */
export async function runCheck(name: string, vendor: string, work: () => Promise<string | void>): Promise<StatusCheck> {
  try {
    const detail = await work()
    return { name, ok: true, ...(detail ? { detail } : {}) }
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL'
    const vendorCode = err instanceof AppError ? err.details?.vendorCode : undefined
    const detail = err instanceof Error ? err.message : String(err)
    return { name, ok: false, code, detail, advice: adviceFor(vendor, code, vendorCode) }
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
  const vector: StatusCheck =
    ours === v.signature
      ? { name: '官方示例签名', ok: true, detail: v.signature }
      : {
          name: '官方示例签名',
          ok: false,
          code: 'SIGNATURE_SELF_TEST_FAILED',
          detail: `得到 ${ours}，应为 ${v.signature}`,
          advice: '签名算法与企业微信的不一致：这是本服务的缺陷，请升级到修复后的版本。',
        }
  const page = `${publicUrl}/`
  const live = await runCheck(`为 ${page} 签名`, 'wecom', async () => {
    const s = await signatures.sign(page)
    const [corp, agent] = await tickets()
    const okCorp = jsSignature(corp, s.corp.nonceStr, s.corp.timestamp, page) === s.corp.signature
    const okAgent = jsSignature(agent, s.agent.nonceStr, s.agent.timestamp, page) === s.agent.signature
    if (!okCorp || !okAgent) throw new AppError(500, 'SIGNATURE_SELF_TEST_FAILED', '签名与票据对不上')
    return `企业签名 ${s.corp.signature.slice(0, 8)}…，应用签名 ${s.agent.signature.slice(0, 8)}…`
  })
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
      ? { name: 'HTTPS', ok: true }
      : o.demo
        ? { name: 'HTTPS', ok: true, detail: '演示模式：可以用 http' }
        : {
            name: 'HTTPS',
            ok: false,
            code: 'PUBLIC_URL_NOT_HTTPS',
            advice: '企业微信只在 https 页面上运行侧边栏：把 PUBLIC_URL 改为 https 地址，并在反向代理上配置证书。',
          },
  ]
  checks.push(
    await runCheck(`${o.publicUrl}/api/health`, 'public', async () => {
      const res = await fetchText(o, `${o.publicUrl}/api/health`)
      if (res.status !== 200) throw new AppError(502, 'PUBLIC_URL_UNREACHABLE', `HTTP ${res.status}`)
      return 'HTTP 200'
    }),
  )
  for (const name of verifyFiles(o.staticDir)) {
    const expected = readFileSync(join(o.staticDir!, name), 'utf8').trim()
    checks.push(
      await runCheck(`${o.publicUrl}/${name}`, 'public', async () => {
        const res = await fetchText(o, `${o.publicUrl}/${name}`)
        if (res.status !== 200 || res.text.trim() !== expected) {
          throw new AppError(502, 'WW_VERIFY_NOT_SERVED', `HTTP ${res.status}${res.status === 200 ? '，内容与文件不同' : ''}`)
        }
        return '内容一致'
      }),
    )
  }
  return checks.map((c) => (c.ok || c.advice ? c : { ...c, advice: PUBLIC_ADVICE[c.code ?? ''] ?? PUBLIC_ADVICE.PUBLIC_URL_UNREACHABLE }))
}

const PUBLIC_ADVICE: Record<string, string> = {
  PUBLIC_URL_UNREACHABLE:
    '本服务从 PUBLIC_URL 访问不到自己：检查 PUBLIC_URL 是否填对、域名解析和反向代理是否指向本服务（服务器不能访问自己的公网地址时，这一项可以忽略）。',
  WW_VERIFY_NOT_SERVED: '企业微信的域名校验文件没有在域名根目录送出：检查反向代理是否把 /WW_verify_*.txt 转给本服务。',
}

function verifyFiles(dir: string | undefined): string[] {
  if (!dir) return []
  try {
    return readdirSync(dir).filter((f) => /^WW_verify_[A-Za-z0-9]+\.txt$/.test(f))
  } catch {
    return []
  }
}

async function fetchText(o: { http: HttpClient; timeoutMs: number }, url: string) {
  try {
    return await o.http({ method: 'GET', url, timeoutMs: o.timeoutMs })
  } catch (err) {
    throw new AppError(502, 'PUBLIC_URL_UNREACHABLE', `访问失败：${(err as Error).message}`)
  }
}
