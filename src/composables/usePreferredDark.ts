import { onScopeDispose, ref, type Ref } from 'vue'

/** Follows the system's light or dark mode, as the WeCom client does. */
export function usePreferredDark(options: { win?: Window } = {}): Ref<boolean> {
  const win = options.win ?? window
  const query = win.matchMedia?.('(prefers-color-scheme: dark)')
  const dark = ref(query?.matches ?? false)
  if (query) {
    const update = (e: MediaQueryListEvent) => (dark.value = e.matches)
    query.addEventListener('change', update)
    onScopeDispose(() => query.removeEventListener('change', update))
  }
  return dark
}
