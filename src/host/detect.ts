import { inWecomClient } from '../../contracts/user-agent.js'
import { qikeliaoFriend } from './qikeliao-entry.js'

/**
 * Which adapter to start, decided without loading any SDK: the JS-SDK's own test for WeCom (a `wxwork/x.y.z` user
 * agent), a page opened through the 企客聊 entry (`?host=qikeliao&friend=…`, then remembered for the tab), or a
 * sidebar framed by our own playground page.
 */
export type Placement = 'wecom' | 'qikeliao' | 'playground' | 'browser'

export function detectPlacement(win: Window = window): Placement {
  if (inWecomClient(win.navigator.userAgent)) return 'wecom'
  // Before the frame test: the playground's 企客聊 mode frames the sidebar too, opened through the entry.
  if (qikeliaoFriend(win)) return 'qikeliao'
  if (isFramedBySameOrigin(win)) return 'playground'
  return 'browser'
}

function isFramedBySameOrigin(win: Window): boolean {
  if (win.parent === win) return false
  try {
    // Reading a cross-origin parent's location throws: only our own playground page may drive the sidebar.
    return win.parent.location.origin === win.location.origin
  } catch {
    return false
  }
}
