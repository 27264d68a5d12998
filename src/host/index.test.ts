import * as ww from '@wecom/jssdk'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Signatures } from '../../contracts/signatures.js'
import { fetchSignatures } from '../api/signatures.js'
import { createHost, preloadHost, type HostApp } from './index.js'

vi.mock('../api/signatures.js', () => ({ fetchSignatures: vi.fn() }))
vi.mock('@wecom/jssdk', () => ({ register: vi.fn() }))

const PAGE = 'https://sidebar.example.com/?from=wecom'
const sig = { timestamp: 1_700_000_000, nonceStr: 'n', signature: 'a'.repeat(40) }
const signatures: Signatures = { corpId: 'ww-corp', agentId: '1000002', corp: sig, agent: sig }
const never = new Promise<HostApp>(() => {})

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

afterEach(() => vi.clearAllMocks())

describe('createHost in WeCom', () => {
  it('registers with the early signatures answer’s ids while the session check is still out', async () => {
    vi.mocked(fetchSignatures).mockResolvedValue(signatures)
    preloadHost('wecom', PAGE)
    await createHost('wecom', never)
    expect(ww.register).toHaveBeenCalledWith(expect.objectContaining({ corpId: 'ww-corp', agentId: '1000002' }))
    expect(fetchSignatures).toHaveBeenCalledTimes(1)
  })

  it('waits for the session when the early signatures request fails', async () => {
    vi.mocked(fetchSignatures).mockRejectedValue(new Error('401'))
    preloadHost('wecom', PAGE)
    const session = deferred<HostApp>()
    const made = createHost('wecom', session.promise)
    await new Promise((r) => setTimeout(r, 10))
    expect(ww.register).not.toHaveBeenCalled()
    session.resolve({ corpId: 'from-session', agentId: '7' })
    await made
    expect(ww.register).toHaveBeenCalledWith(expect.objectContaining({ corpId: 'from-session', agentId: '7' }))
  })

  it('fails with the session check when it fails first', async () => {
    const early = deferred<Signatures>()
    vi.mocked(fetchSignatures).mockReturnValue(early.promise)
    preloadHost('wecom', PAGE)
    await expect(createHost('wecom', Promise.reject(new Error('session down')))).rejects.toThrow('session down')
    early.resolve(signatures)
  })
})
