/**
 * Several real proxy processes on one PostgreSQL and one simulator process: the built proxy (`dist/node`, made here
 * once per run into a private folder) started as `node dist/node/server/main.js`, each on its own loopback port, all
 * with one DATABASE_URL, one SESSION_SECRET and one PUBLIC_URL (the address a load balancer would have; the test
 * plays the load balancer and picks the instance itself). The vendors are the simulator of server/sim/main.ts, with
 * credentials made up for the run and given to both sides, so the proxies run as against the real vendors.
 */
import { randomBytes } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { ROOT } from '../e2e/harness.js'
import { freePort } from '../helpers/free-port.js'
import { spawnUntil as spawnChild, type Proc } from '../helpers/child-process.js'

export interface ProxyBuild {
  /** The folder holding `dist/node` (and a package.json and a node_modules link, so Node resolves as in the project). */
  root: string
  ms: number
  remove(): void
}

const SOURCES = ['server', 'contracts']

function tsFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...tsFiles(path))
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/**
 * What `npm run build` makes of the proxy (`tsc -p tsconfig.build.json` and the migrations copied beside the store),
 * emitted file by file without the type check: the project compiles with `isolatedModules` and `verbatimModuleSyntax`,
 * so each file's output is the same, and `npm test` type-checks the whole tree anyway. About a second instead of
 * tsc's 20–50 s on a busy machine. Into a private folder, so a build elsewhere cannot pull it from under the run.
 */
export function buildProxy(): ProxyBuild {
  const started = Date.now()
  const root = mkdtempSync(join(tmpdir(), 'cluster-build-'))
  const out = join(root, 'dist/node')
  for (const source of SOURCES) {
    for (const file of tsFiles(join(ROOT, source))) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { target: ts.ScriptTarget.ES2023, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, sourceMap: false },
      })
      const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js')
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, outputText)
    }
  }
  cpSync(join(ROOT, 'server/store/migrations'), join(out, 'server/store/migrations'), { recursive: true })
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'chat-sidebar-build', version: pkg.version, type: 'module' }))
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  return { root, ms: Date.now() - started, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** Credentials made up for the run: the simulator accepts exactly these, the proxies present them. */
export function runCredentials(): Record<string, string> {
  const secret = () => randomBytes(18).toString('base64url')
  return {
    WECOM_CORP_ID: 'wwcluster0test01',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: secret(),
    YOUMI_CLIENT_ID: 'cluster-client',
    YOUMI_CLIENT_SECRET: secret(),
    YOUMI_TENANT_ID: '640462692',
    WSHOTO_APP_ID: 'cluster-app',
    WSHOTO_APP_SECRET: secret(),
  }
}

/** Spawns `node <script>` in the build and waits until `ready` appears in its output (CLUSTER_KEEP_LOGS keeps the logs). */
function spawnUntil(name: string, script: string, cwd: string, env: Record<string, string>, ready: RegExp, timeoutMs: number) {
  return spawnChild({ name, args: [script], cwd, env, ready, timeoutMs, keepLog: !!process.env.CLUSTER_KEEP_LOGS })
}

export interface RunningSim extends Proc {
  url: string
}

/** The simulator of server/sim/main.ts, from the build, trusting only `publicUrl` as the app's domain. */
export async function startSim(build: ProxyBuild, credentials: Record<string, string>, publicUrl: string): Promise<RunningSim> {
  const { proc, match } = await spawnUntil(
    'sim',
    join(build.root, 'dist/node/server/sim/main.js'),
    build.root,
    { ...credentials, SIM_PORT: '0', SIM_TRUSTED_ORIGIN: publicUrl },
    /Simulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
    30_000,
  )
  return { ...proc, url: match[1]! }
}

export interface Instance extends Proc {
  /** 0, 1, 2 … */
  index: number
  base: string
}

/**
 * One proxy instance: its own port and DATA_DIR (as each machine or container has its own disk), the shared database,
 * secret, public address and vendors.
 */
export async function startInstance(
  build: ProxyBuild,
  index: number,
  shared: Record<string, string>,
  timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS) || 120_000,
): Promise<Instance> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), `cluster-data-${index}-`))
  const { proc } = await spawnUntil(
    `proxy-${index}`,
    join(build.root, 'dist/node/server/main.js'),
    build.root,
    { ...shared, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    /Listening on port \d+/,
    timeoutMs,
  )
  const stop = proc.stop
  return {
    ...proc,
    index,
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
