import { qikeliaoFriend } from './qikeliao-entry.js'
import { HostError, type Host, type HostKind } from './types.js'

/** Loads only the adapter this place needs: the JS-SDK never reaches a plain browser, the playground never WeCom. */
export async function createHost(kind: HostKind, app: { corpId: string; agentId: string }): Promise<Host> {
  if (kind === 'wecom') {
    const { createWecomHost } = await import('./wecom.js')
    return createWecomHost(app)
  }
  if (kind === 'qikeliao') {
    const { createQikeliaoHost } = await import('./qikeliao.js')
    const friendId = qikeliaoFriend()
    if (!friendId) throw new HostError('noContactContext', '企客聊 named no customer')
    return createQikeliaoHost({ friendId })
  }
  const { createPlaygroundHost } = await import('./playground.js')
  return createPlaygroundHost()
}

/** Starts fetching an adapter's chunk early, e.g. while the session is being checked. */
export function preloadHost(kind: HostKind): void {
  const chunk = kind === 'wecom' ? import('./wecom.js') : kind === 'qikeliao' ? import('./qikeliao.js') : import('./playground.js')
  void chunk.catch(() => {})
}

export { detectPlacement, type Placement } from './detect.js'
export { HostError, type Host, type HostContext, type HostKind, type HostErrorReason } from './types.js'
