import { ref, watch } from 'vue'
import type { Router } from 'vue-router'
import { failureOf, type Failure } from '../errors.js'
import { detectPlacement, preloadHost, type Placement } from '../host/index.js'
import { targetOf, useContactStore } from '../stores/contact.js'
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
  const error = ref<Failure | null>(null)
  const session = useSessionStore()
  const host = useHostStore()

  async function run(): Promise<void> {
    state.value = 'loading'
    error.value = null
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
        // Nothing here waits for what it does not need: the session check, the adapter's chunk (and in WeCom the
        // JS-SDK's signatures) and the adapter's start go out together; only WeCom's adapter waits for the session's
        // corp and agent ids. The customer is asked for as soon as the host names them, before the view mounts.
        const signedIn = session.ensureSignedIn()
        preloadHost(placement)
        // Not awaited: the views show the host's progress and its errors themselves.
        void host.start(placement, signedIn)
        followCustomer()
        await signedIn
      }
      state.value = 'ready'
    } catch (err) {
      error.value = failureOf(err)
      state.value = 'error'
    }
  }

  let following = false
  function followCustomer(): void {
    if (following) return
    following = true
    const people = useContactStore()
    watch(
      () => host.context,
      (context) => {
        const target = targetOf(context)
        if (target && router.currentRoute.value.name === 'customer') void people.show(target)
      },
      { immediate: true },
    )
  }

  return { state, error, run }
}
