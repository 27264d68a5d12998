import { onScopeDispose, watch, type Ref } from 'vue'

/**
 * Esc closes a popup while it is open: desktop WeCom has a keyboard, and Vant's popup listens only to taps. The
 * listener is on the document only while the popup is open, and goes with the component.
 */
export function useEscapeToClose(open: Ref<boolean>, doc: Document = document): void {
  const onKey = (e: KeyboardEvent) => {
    // A key another handler already used (an IME ending its composition, a dialog above) is not ours.
    if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing || !open.value) return
    open.value = false
  }
  const stop = watch(open, (shown) => (shown ? doc.addEventListener('keydown', onKey) : doc.removeEventListener('keydown', onKey)), {
    immediate: true,
  })
  onScopeDispose(() => {
    stop()
    doc.removeEventListener('keydown', onKey)
  })
}
