import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './free-port.js'

/** Where Debian keeps the server binaries (`postgresql` package), newest version first; or PATH. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin')
  }
  try {
    return join(execFileSync('sh', ['-c', 'dirname "$(command -v initdb)"']).toString().trim())
  } catch {
    return null
  }
}

export interface TempPostgres {
  url: string
  stop(): Promise<void>
  /** Stops the server but keeps its data, as an outage would (`up` starts it again on the same port). */
  down(): Promise<void>
  up(): Promise<void>
}

/**
 * A throwaway PostgreSQL server on a loopback port, in a temporary folder. PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` system user that Debian's package creates.
 */
export async function startPostgres(bin: string): Promise<TempPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-'))
  const asRoot = process.getuid?.() === 0
  const wrap = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]
  if (asRoot)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()))
  const data = join(dir, 'data')
  const [initCmd, initArgs] = wrap(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'test', '--no-sync', '-E', 'UTF8'])
  execFileSync(initCmd, initArgs, { stdio: 'ignore' })
  const port = await freePort()
  const [cmd, args] = wrap(join(bin, 'postgres'), [
    '-D',
    data,
    '-k',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ])
  const url = `postgres://test@127.0.0.1:${port}/postgres`
  let child: ChildProcess = spawn(cmd, args, { stdio: 'ignore' })
  const started = async () => {
    const deadline = Date.now() + 20_000
    for (;;) {
      const client = new pg.Client({ connectionString: url })
      try {
        await client.connect()
        await client.end()
        break
      } catch (err) {
        await client.end().catch(() => undefined)
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`PostgreSQL did not start: ${String(err)}`, { cause: err })
        await new Promise((r) => setTimeout(r, 200))
      }
    }
  }
  await started()
  const down = async () => {
    // `runuser` does not pass signals on: ask the server itself to stop.
    const exited = child.exitCode === null ? new Promise((r) => child.once('exit', r)) : Promise.resolve()
    const [stopCmd, stopArgs] = wrap(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w'])
    execFileSync(stopCmd, stopArgs, { stdio: 'ignore' })
    await exited
  }
  return {
    url,
    down,
    up: async () => {
      child = spawn(cmd, args, { stdio: 'ignore' })
      await started()
    },
    stop: async () => {
      if (child.exitCode === null) await down()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
