import { ref } from 'vue'
import type { Router } from 'vue-router'
import { describeError } from '../errors.js'
import { detectPlacement, preloadHost, type Placement } from '../host/index.js'
import { useHostStore } from '../stores/host.js'
import { useSessionStore } from '../stores/session.js'

export type BootState = 'loading' | 'ready' | 'error'

/**
 * Decides where this page belongs before anything renders: inside WeCom or the playground's frame it is the
 * sidebar (sign in, then start the host); in a plain browser it is the playground (demo) or the setup guide. The admin
 * pages only need someone signed in, wherever they are opened.
 */
export function useBoot(options: { router: Router; placement?: () => Placement }) {
  const { router } = options
  const placementOf = options.placement ?? (() => detectPlacement())
  const state = ref<BootState>('loading')
  const error = ref('')
  const session = useSessionStore()
  const host = useHostStore()

  async function run(): Promise<void> {
    state.value = 'loading'
    error.value = ''
    try {
      await router.isReady()
      const page = router.currentRoute.value.meta.page
      const placement = placementOf()
      if (page === 'setup') {
        // Nothing to check: the guide is static.
      } else if (page === 'playground' && placement !== 'wecom') {
        const info = await session.loadInfo()
        if (!info.demo) await router.replace('/setup')
        else await session.ensureSignedIn()
      } else if (page === 'admin') {
        // The admin pages are desktop pages: any browser, no host and no chat; they say themselves who may use them.
        await session.ensureSignedIn()
      } else if (placement === 'browser') {
        const info = await session.loadInfo()
        await router.replace(info.demo ? '/playground' : '/setup')
        if (info.demo) await session.ensureSignedIn()
      } else {
        if (page) await router.replace('/')
        // The adapter's chunk (the JS-SDK in WeCom) loads while the session is checked, not after.
        preloadHost(placement)
        const signedIn = await session.ensureSignedIn()
        // Not awaited: the views show the host's progress and its errors themselves.
        void host.start(placement, signedIn)
      }
      state.value = 'ready'
    } catch (err) {
      error.value = describeError(err)
      state.value = 'error'
    }
  }

  return { state, error, run }
}
