import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { whenSessionExpires } from './api/http.js'
import { startLocale } from './i18n/index.js'
import { reloaded, reloadOnce } from './reload-once.js'
import { createAppRouter } from './router/index.js'
import { useSessionStore } from './stores/session.js'
import './styles.css'

const app = createApp(App)
const pinia = createPinia()
const router = createAppRouter()
app.use(pinia)
// A session can expire while the sidebar is open: any 401 signs in again and comes back to the same page,
// with what staff were typing kept for after the reload.
whenSessionExpires(() => void persistDrafts(true).finally(() => useSessionStore(pinia).signInAgain()))
// A lazy chunk that failed to load (a new release, or no network): load the page again where staff were going.
router.onError((err, to) => {
  if (/dynamically imported module|module script failed|Loading chunk/i.test(String((err as Error)?.message ?? err)))
    reloadOnce(to.fullPath, persistDrafts)
})
window.addEventListener('vite:preloadError', (event) => {
  if (reloadOnce(window.location.pathname + window.location.search, persistDrafts)) event.preventDefault()
})
router.afterEach(() => reloaded())
// English users wait for their words (a small lazy chunk) so nothing flashes in Chinese; if it fails, Chinese it is.
// The router starts after: its first route fetches the words of its view in the chosen language (withMessages).
void startLocale().finally(() => app.use(router).mount('#app'))

/**
 * Drafts exist only once the composer (a lazy chunk) made the store; its module (and the sends store's) is then loaded
 * already. A sign-in that expired under a 发送 marks those words as not sent: the proxy refused them, nothing went out.
 */
async function persistDrafts(signInExpired = false): Promise<void> {
  if (!('drafts' in pinia.state.value)) return
  const [{ useDraftsStore }, { useSendsStore }] = await Promise.all([import('./stores/drafts.js'), import('./stores/sends.js')])
  useDraftsStore(pinia).persist(signInExpired ? useSendsStore(pinia).cutOffBySignIn() : [])
}
