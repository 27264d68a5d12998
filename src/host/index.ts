import type { Signatures } from '../../contracts/signatures.js'
import { fetchSignatures } from '../api/signatures.js'
import { qikeliaoFriend } from './qikeliao-entry.js'
import { HostError, type Host, type HostKind } from './types.js'

/** What WeCom's adapter needs from the session. */
export interface HostApp {
  corpId: string
  agentId: string
}

/** The JS-SDK's signatures for this page, asked for while the session is checked (preloadHost). */
let presigned: { url: string; answer: Promise<Signatures> } | null = null

/** The signatures for `url`: the early answer once, when it is for that URL; else a new request. */
function signaturesFor(url: string): Promise<Signatures> {
  const early = presigned
  presigned = null
  return early?.url === url ? early.answer : fetchSignatures(url)
}

/**
 * One loader per adapter, each its own `import()`: Vite preloads a dynamic import's dependencies with it, and one
 * import() choosing between three modules preloaded all three's (the playground adapter's contracts in WeCom).
 */
const adapters = {
  wecom: () => import('./wecom.js'),
  qikeliao: () => import('./qikeliao.js'),
  playground: () => import('./playground.js'),
} satisfies Record<HostKind, () => Promise<unknown>>

/** Loads only the adapter this place needs: the JS-SDK never reaches a plain browser, the playground never WeCom. */
export async function createHost(kind: HostKind, app: HostApp | Promise<HostApp>): Promise<Host> {
  if (kind === 'wecom') {
    const [{ createWecomHost }, { corpId, agentId }] = await Promise.all([adapters.wecom(), appIds(app)])
    return createWecomHost({ corpId, agentId, signatures: signaturesFor })
  }
  if (kind === 'qikeliao') {
    const { createQikeliaoHost } = await adapters.qikeliao()
    const friendId = qikeliaoFriend()
    if (!friendId) throw new HostError('noContactContext', '企客聊 named no customer')
    return createQikeliaoHost({ friendId })
  }
  const { createPlaygroundHost } = await adapters.playground()
  return createPlaygroundHost()
}

/**
 * The corp and agent ids `ww.register` needs: from the session, or from the early signatures answer if that comes
 * first (it names the ids it was signed for), so the JS-SDK does not wait for the session check. Fails only with the
 * session check: a failed signatures request is asked again by `ww.register`.
 */
function appIds(app: HostApp | Promise<HostApp>): Promise<HostApp> {
  const early = presigned?.answer
  if (!early) return Promise.resolve(app)
  return new Promise<HostApp>((resolve, reject) => {
    Promise.resolve(app).then(resolve, reject)
    early.then(
      ({ corpId, agentId }) => resolve({ corpId, agentId }),
      () => {},
    )
  })
}

/**
 * Starts fetching an adapter's chunk early, while the session is being checked; in WeCom also the JS-SDK's signatures
 * for this page (the URL `ww.register` signs: the page without its #fragment). Without a session that request is a
 * 401, which signs in again like the session check's own.
 */
export function preloadHost(kind: HostKind, pageUrl = window.location.href.split('#')[0]!): void {
  void adapters[kind]().catch(() => {})
  if (kind === 'wecom') {
    const answer = fetchSignatures(pageUrl)
    answer.catch(() => {})
    presigned = { url: pageUrl, answer }
  }
}

export { detectPlacement, type Placement } from './detect.js'
export { HostError, type Host, type HostContext, type HostKind, type HostErrorReason } from './types.js'
