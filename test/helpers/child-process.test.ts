import { afterEach, describe, expect, it } from 'vitest'
import { spawnUntil, type Proc } from './child-process.js'

// A server that answers once it is ready: the cluster test's kill, in miniature.
const server = `require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', function () {
  console.log('ready on ' + this.address().port)
})`

let proc: Proc | undefined
afterEach(async () => proc?.stop())

describe('spawnUntil', () => {
  it('counts a process as dead from the moment SIGKILL is sent, before its exit is handled', async () => {
    const started = await spawnUntil({
      name: 'kill',
      args: ['-e', server],
      cwd: process.cwd(),
      env: {},
      ready: /ready on (\d+)/,
      timeoutMs: 20_000,
    })
    proc = started.proc
    expect(await (await fetch(`http://127.0.0.1:${started.match[1]}/`)).text()).toBe('ok')
    expect(proc.alive()).toBe(true)
    const gone = proc.kill()
    // Nothing has been awaited yet: the child's exit event cannot have been handled.
    expect(proc.child.signalCode).toBeNull()
    expect(proc.alive()).toBe(false)
    await gone
    expect(proc.child.signalCode).toBe('SIGKILL')
  })
})
