import type { ChildProcess } from 'node:child_process'

/** A message between the benchmark and one of its children: a type and anything else. */
export interface Message {
  type: string
  [key: string]: unknown
}

/**
 * Request/answer over a child's IPC channel: sends `message` (if any) and waits for the child's next message of
 * `type`. A child that answers `error`, exits or stays silent fails the benchmark instead of hanging it.
 */
export function ipc(child: ChildProcess, name: string) {
  return <T extends Message = Message>(message: Message | null, type: string, timeoutMs = 30_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${type} from the ${name} within ${timeoutMs} ms`)), timeoutMs)
      const onMessage = (m: Message) => {
        if (m.type === 'error') done(new Error(`${name}: ${String(m.message)}`))
        else if (m.type === type) done(null, m as T)
      }
      const onExit = (code: number | null) => done(new Error(`the ${name} exited (${code})`))
      function done(err: Error | null, value?: T) {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
        if (err) reject(err)
        else resolve(value!)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
      if (message) child.send(message)
    })
}

/** In a child: answers the parent's messages with `handle`, reporting failures as `error`; exits with the parent. */
export function serveParent(handle: (m: Message) => Promise<Message | null>): void {
  process.on('message', (m: Message) => {
    handle(m).then(
      (answer) => answer && process.send!(answer),
      (err: Error) => process.send!({ type: 'error', message: `${err.message} ${String(err.cause ?? '')}`.slice(0, 500) }),
    )
  })
  process.on('disconnect', () => process.exit(0))
}
