import { describe, expect, it } from 'vitest'
import { useLatest, useLatestByKey } from './latest.js'

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (err: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLatest', () => {
  it('a question is the latest until the next one starts, or everything is dropped', () => {
    const latest = useLatest()
    const first = latest.next()
    expect(first()).toBe(true)
    const second = latest.next()
    expect(first()).toBe(false)
    expect(second()).toBe(true)
    latest.drop()
    expect(second()).toBe(false)
  })

  it('ask: the latest answer and the latest failure arrive; an overtaken one is null, in whatever order they end', async () => {
    const latest = useLatest()
    const old = deferred<string>()
    const fresh = deferred<string>()
    const a = latest.ask(() => old.promise)
    const b = latest.ask(() => fresh.promise)
    fresh.resolve('new')
    old.resolve('old')
    expect(await b).toEqual({ ok: true, value: 'new' })
    expect(await a).toBeNull()

    const boom = new Error('boom')
    expect(await latest.ask(() => Promise.reject(boom))).toEqual({ ok: false, error: boom })
    // A question that throws before it awaits is a failure too, not an exception.
    expect(
      await latest.ask(() => {
        throw boom
      }),
    ).toEqual({ ok: false, error: boom })
  })

  it('ask: a drop while a question is on its way makes its answer null', async () => {
    const latest = useLatest()
    const slow = deferred<number>()
    const asked = latest.ask(() => slow.promise)
    latest.drop()
    slow.resolve(1)
    expect(await asked).toBeNull()
  })
})

describe('useLatestByKey', () => {
  it('keeps one line per key', async () => {
    const latest = useLatestByKey<string>()
    const a1 = latest.next('a')
    const b1 = latest.next('b')
    const a2 = latest.next('a')
    expect([a1(), a2(), b1()]).toEqual([false, true, true])
    latest.drop('b')
    expect(b1()).toBe(false)
    latest.drop('never asked')
    expect(await latest.ask('c', async () => 3)).toEqual({ ok: true, value: 3 })
  })
})
