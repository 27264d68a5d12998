/**
 * A server in a child process, as the tests that need a real process start one (test/e2e/harness.ts, the cluster of
 * test/cluster/cluster.ts, test/helpers/measured-app-process.ts, the proxy of test/reliability): its output kept in memory and in a log file, ready
 * once a line of its output says so, killed should the test process end first.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface Proc {
  name: string
  child: ChildProcess
  /** Everything the process wrote (stdout and stderr); any process can read it. */
  logFile: string
  output(): string
  /** SIGKILL, no goodbye: what a crashed machine or an OOM kill does. */
  kill(): Promise<void>
  /** SIGTERM, then SIGKILL after 5 s; removes the log unless `keepLog`. */
  stop(): Promise<void>
  alive(): boolean
}

export interface SpawnOptions {
  /** For messages and the log folder's name. */
  name: string
  /** Node's arguments: `[script]`, or `['--import', 'tsx', script]`… */
  args: string[]
  cwd: string
  /** The child's whole environment, but PATH, HOME and TMPDIR, which are passed on. */
  env: Record<string, string>
  /** Output that says the process is ready (its match is answered, for what the line tells: a port, an address). */
  ready: RegExp
  /**
   * How long it may take to say so. Generous: the bound only turns a process that never starts into a failure rather
   * than a hang, and a machine busy with other builds starts a fresh one several times slower than a quiet one.
   */
  timeoutMs: number
  keepLog?: boolean
  /** An IPC channel to the child (`child.send`, `child.on('message')`). */
  ipc?: boolean
}

/** Spawns `node <args>` and waits until `ready` appears in its output; kills it and throws if it exits first or is late. */
export async function spawnUntil(o: SpawnOptions): Promise<{ proc: Proc; match: RegExpExecArray }> {
  const logFile = join(mkdtempSync(join(tmpdir(), `proc-${o.name}-`)), 'out.log')
  const env: Record<string, string> = { ...o.env }
  for (const key of ['PATH', 'HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key]!
  const child = spawn(process.execPath, o.args, {
    cwd: o.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(o.ipc ? (['ipc'] as const) : [])],
  })
  let output = ''
  const write = (d: unknown) => {
    output += String(d)
    appendFileSync(logFile, String(d))
  }
  child.stdout!.on('data', write)
  child.stderr!.on('data', write)
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  // Should this process end without stop() (a crash, Ctrl-C), the child goes with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  void exited.then(() => process.off('exit', killOnExit))
  // Dead from the moment SIGKILL is sent: the kernel resets its sockets at once, and a client can see that reset
  // before this process has handled the child's exit (a download the kill cut off is no survivor's failure).
  let killed = false
  const alive = () => !killed && child.exitCode === null && child.signalCode === null
  const kill = async () => {
    if (alive()) child.kill('SIGKILL')
    killed = true
    await exited
  }
  const proc: Proc = {
    name: o.name,
    child,
    logFile,
    output: () => output,
    alive,
    kill,
    stop: async () => {
      if (alive()) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      if (!o.keepLog) rmSync(dirname(logFile), { recursive: true, force: true })
    },
  }
  const deadline = Date.now() + o.timeoutMs
  let match: RegExpExecArray | null
  while (!(match = o.ready.exec(output))) {
    if (!alive() || Date.now() > deadline) {
      const why = alive() ? `not ready after ${o.timeoutMs} ms` : `exit ${child.exitCode ?? child.signalCode}`
      await kill()
      throw new Error(`${o.name} did not start (${why}):\n${output.slice(-4000)}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { proc, match }
}
