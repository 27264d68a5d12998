import { ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { QikeliaoEntryLink } from '../../contracts/demo.js'
import type { Session } from '../../contracts/session.js'
import { fetchQikeliaoEntry } from '../api/demo.js'
import { describeError } from '../errors.js'
import { forgetQikeliaoEntry } from '../host/qikeliao-entry.js'
import type { HostContext } from '../host/types.js'
import { t } from '../i18n/index.js'
import { useLatest } from './latest.js'
import { SIDEBAR_PATH_KEY as PATH_KEY } from './sidebarPath.js'

/** Which client the playground plays around the sidebar. */
export type SidebarHostMode = 'wecom' | 'qikeliao'

const MODE_KEY = 'playground.sidebarHost'
/** The WeCom staff member the playground signed in as: who to sign back in after 企客聊 replaced the session. */
const WECOM_USER_KEY = 'playground.wecomUser'
/** The simulated WeCom OAuth page (server/sim/wecom-oauth.ts, through the proxy's /sim pass-through). */
const OAUTH_PAGE = '/sim/connect/oauth2/authorize'

export interface SidebarHostOptions {
  /** The chat the playground has open. */
  context: MaybeRefOrGetter<HostContext | null>
  /** Bumped to load the sidebar again (the panel's reload button): in 企客聊 that takes a new entry link. */
  generation: MaybeRefOrGetter<number>
  mint?: (externalUserId: string) => Promise<QikeliaoEntryLink>
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  /** The playground page's own session: which host it is, and which WeCom staff member. */
  session?: MaybeRefOrGetter<Pick<Session, 'userId' | 'host'> | null>
}

export type SidebarHostState = 'ready' | 'minting' | 'unavailable'

/**
 * The playground's 「企业微信 / 企客聊」 switch. WeCom: the sidebar at `/`, driven by postMessage (useSidebarBridge).
 * 企客聊: no bridge; as 企客聊 does, the sidebar is opened anew for each customer through a freshly minted entry link
 * (the proxy's demo keys), which signs in and lands on the sidebar for that customer.
 */
export function useSidebarHost(options: SidebarHostOptions) {
  const storage = options.storage ?? sessionStorageOrNull()
  // Looked up only when 企客聊 mode asks for a link.
  const mint = options.mint ?? ((externalUserId: string) => fetchQikeliaoEntry(externalUserId))
  const mode = ref<SidebarHostMode>(storage?.getItem(MODE_KEY) === 'qikeliao' ? 'qikeliao' : 'wecom')
  /** What the iframe loads; null while there is nothing to load. */
  const src = ref<string | null>(null)
  const state = ref<SidebarHostState>('minting')
  const problem = ref('')
  const latest = useLatest()
  /**
   * The previous entry's page load. Each entry ends the session the browser had (the cookie is replaced): the next
   * link is asked for only once the frame holds the new cookie, so no request of this page goes out with an ended one.
   */
  let frameSettled: Promise<void> = Promise.resolve()
  let settle: (() => void) | null = null
  /**
   * Which host's session the browser holds now. A 企客聊 entry replaces the WeCom session (two hosts, two identities:
   * a 企客聊 session may not read WeCom's customers), so going back to WeCom signs the WeCom staff member in again.
   */
  const initial = toValue(options.session)
  let signedInAs: 'wecom' | 'qikeliao' = initial?.host === 'qikeliao' ? 'qikeliao' : 'wecom'
  if (initial?.host === 'wecom') remember(WECOM_USER_KEY, initial.userId)

  let generation = toValue(options.generation)

  async function load(): Promise<void> {
    const isLatest = latest.next()
    // The panel's reload button opens the sidebar at its first page again.
    if (toValue(options.generation) !== generation) storage?.removeItem(PATH_KEY)
    generation = toValue(options.generation)
    if (mode.value === 'wecom') {
      // The iframe shares this tab's sessionStorage: without this it would still think 企客聊 opened it.
      forgetQikeliaoEntry()
      // The frame reopens where it was before a reload, unless that place was 企客聊's (its entry's page).
      const saved = storage?.getItem(PATH_KEY)
      const path = saved && signedInAs === 'wecom' && !saved.includes('host=qikeliao') ? saved : '/'
      // WeCom's OAuth, as the WeCom client does it silently for whoever is signed in (see frameLoaded).
      src.value = signedInAs === 'qikeliao' ? `/api/auth/login?returnTo=${encodeURIComponent(path)}` : path
      state.value = 'ready'
      return
    }
    const context = toValue(options.context)
    src.value = null
    if (context?.kind !== 'contact') {
      state.value = 'unavailable'
      problem.value = context ? t('playground.hostSwitch.groupUnsupported') : ''
      return
    }
    state.value = 'minting'
    await frameSettled
    if (!isLatest()) return
    try {
      const { url } = await mint(context.externalUserId)
      if (!isLatest()) return
      frameSettled = new Promise<void>((resolve) => {
        settle = resolve
        // A frame that never loads must not hold the switch for good.
        setTimeout(resolve, 10_000)
      })
      src.value = url
      signedInAs = 'qikeliao'
      state.value = 'ready'
    } catch (err) {
      if (!isLatest()) return
      state.value = 'unavailable'
      problem.value = describeError(err)
    }
  }

  /**
   * The iframe finished loading whatever `src` led to. Signing WeCom back in, the simulated OAuth page asks who is
   * signing in; the playground plays the WeCom client, which knows: it answers for the staff member it signed in as.
   */
  function frameLoaded(frame?: HTMLIFrameElement | null): void {
    settle?.()
    settle = null
    if (mode.value !== 'wecom' || signedInAs !== 'qikeliao') return
    let here: URL
    try {
      here = new URL(frame?.contentWindow?.location.href ?? '')
    } catch {
      return
    }
    const who = storage?.getItem(WECOM_USER_KEY)
    if (here.pathname === OAUTH_PAGE && who && !here.searchParams.has('login_as')) {
      here.searchParams.set('login_as', who)
      frame!.contentWindow!.location.replace(here.href)
    } else if (here.pathname === '/') signedInAs = 'wecom'
  }

  function remember(key: string, value: string): void {
    try {
      storage?.setItem(key, value)
    } catch {
      // Only a reload forgets it.
    }
  }

  function setMode(next: SidebarHostMode): void {
    mode.value = next
    remember(MODE_KEY, next)
  }

  const contextKey = () => {
    const c = toValue(options.context)
    return c?.kind === 'contact' ? `contact:${c.externalUserId}` : c?.kind === 'group' ? `group:${c.chatId}` : ''
  }
  // WeCom's sidebar follows chat switches by itself (postMessage); 企客聊 opens the page again for each customer.
  watch([mode, () => toValue(options.generation), () => (mode.value === 'qikeliao' ? contextKey() : '')], () => void load(), {
    immediate: true,
  })

  return { mode, setMode, src, state, problem, frameLoaded }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}
