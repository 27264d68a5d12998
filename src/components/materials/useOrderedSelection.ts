import { computed, ref } from 'vue'

/**
 * Picks in tap order, at most `max`: the order is the order they go out in. Taking one out moves the later ones up.
 * `toggle` answers false when the pick was refused because `max` were already picked.
 */
export function useOrderedSelection(options: { max: number }) {
  const ids = ref<string[]>([])

  function toggle(id: string): boolean {
    const at = ids.value.indexOf(id)
    if (at >= 0) {
      ids.value = ids.value.filter((x) => x !== id)
      return true
    }
    if (ids.value.length >= options.max) return false
    ids.value = [...ids.value, id]
    return true
  }

  /** 1-based position in the sending order, 0 when not picked. */
  const orderOf = (id: string) => ids.value.indexOf(id) + 1
  const keep = (predicate: (id: string) => boolean) => (ids.value = ids.value.filter(predicate))
  const clear = () => (ids.value = [])
  const count = computed(() => ids.value.length)

  return { ids, count, toggle, orderOf, keep, clear }
}
