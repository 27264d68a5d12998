import type { Host, HostKind } from './types.js'

/** Loads only the adapter this place needs: the JS-SDK never reaches a plain browser, the playground never WeCom. */
export async function createHost(kind: HostKind, app: { corpId: string; agentId: string }): Promise<Host> {
  if (kind === 'wecom') {
    const { createWecomHost } = await import('./wecom.js')
    return createWecomHost(app)
  }
  const { createPlaygroundHost } = await import('./playground.js')
  return createPlaygroundHost()
}

/** Starts fetching an adapter's chunk early, e.g. while the session is being checked. */
export function preloadHost(kind: HostKind): void {
  void (kind === 'wecom' ? import('./wecom.js') : import('./playground.js')).catch(() => {})
}

export { detectPlacement, type Placement } from './detect.js'
export { HostError, type Host, type HostContext, type HostKind, type HostErrorReason } from './types.js'
