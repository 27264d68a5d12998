import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reloaded, reloadOnce } from './reload-once.js'

let online = true
const assign = vi.fn()
/** The window as reloadOnce sees it: its own storage, network flag and location. */
const win = () =>
  ({
    navigator: { onLine: online },
    sessionStorage: window.sessionStorage,
    location: { assign },
    addEventListener: window.addEventListener.bind(window),
  }) as unknown as Window
const keep = vi.fn(() => Promise.resolve())

beforeEach(() => {
  online = true
  assign.mockReset()
  keep.mockClear()
  sessionStorage.clear()
})
afterEach(() => reloaded())

describe('reloadOnce', () => {
  it('reloads where staff were going, once, keeping what they typed first', async () => {
    expect(reloadOnce('/campaigns', keep, win())).toBe(true)
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/campaigns'))
    expect(keep).toHaveBeenCalledOnce()
    // The same chunk failing again after the reload: no loop.
    expect(reloadOnce('/campaigns', keep, win())).toBe(false)
    reloaded()
    expect(reloadOnce('/campaigns', keep, win())).toBe(true)
  })

  it('offline, stays on the page (no browser offline page) and goes where they last tried once the network is back', async () => {
    online = false
    const w = win()
    expect(reloadOnce('/campaigns', keep, w)).toBe(false)
    expect(reloadOnce('/materials', keep, w)).toBe(false)
    await new Promise((r) => setTimeout(r, 10))
    expect(assign).not.toHaveBeenCalled()
    online = true
    ;(w.navigator as { onLine: boolean }).onLine = true
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/materials'))
    expect(assign).toHaveBeenCalledOnce()
  })

  it('an online event that finds the network still down keeps waiting for the next one', async () => {
    online = false
    const w = win()
    reloadOnce('/campaigns', keep, w)
    window.dispatchEvent(new Event('online'))
    await new Promise((r) => setTimeout(r, 10))
    expect(assign).not.toHaveBeenCalled()
    ;(w.navigator as { onLine: boolean }).onLine = true
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/campaigns'))
  })
})
