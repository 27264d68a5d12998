// "Only the latest answer counts": a store or composable that asks again before the last answer came (the staff
// member switched chats, kept typing, pressed retry) must not let the older answer land after the newer one.

/** Answers whether the question it was handed for is still the latest one. */
export type IsLatest = () => boolean

/** How a question ended, when it was still the latest. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

export interface Latest {
  /** Starts a question: whatever was asked before is stale from now on. */
  next(): IsLatest
  /** Makes every question on its way stale (a change its answer must not undo), without starting one. */
  drop(): void
  /** Asks `question` as the latest: its answer or failure, or null once a newer question (or a drop) overtook it. */
  ask<T>(question: () => Promise<T>): Promise<Settled<T> | null>
}

export function useLatest(): Latest {
  let asked = 0
  function next(): IsLatest {
    const mine = ++asked
    return () => mine === asked
  }
  async function ask<T>(question: () => Promise<T>): Promise<Settled<T> | null> {
    const isLatest = next()
    let settled: Settled<T>
    try {
      settled = { ok: true, value: await question() }
    } catch (error) {
      settled = { ok: false, error }
    }
    return isLatest() ? settled : null
  }
  return { next, drop: () => void asked++, ask }
}

/** One line of questions per key (a chat, a campaign): a newer question for one key leaves the others alone. */
export function useLatestByKey<K>() {
  const lines = new Map<K, Latest>()
  const lineOf = (key: K) => {
    let line = lines.get(key)
    if (!line) lines.set(key, (line = useLatest()))
    return line
  }
  return {
    next: (key: K) => lineOf(key).next(),
    drop: (key: K) => lines.get(key)?.drop(),
    ask: <T>(key: K, question: () => Promise<T>) => lineOf(key).ask(question),
  }
}
