import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { MEDIA_LIMITS } from '../contracts/content.js'
import { ENV_KEYS } from '../server/config.js'
import { PUBLIC_API_ROUTES } from '../server/security.js'

// No container engine runs on the development machines, so the Dockerfile and compose.yaml are never built here.
// This check holds them to what can be read without one: the package scripts they run, the files they copy, the
// settings they set (each a real, documented setting) and the load balancer in front of the instances.

interface Stage {
  name: string
  from: string
  lines: { op: string; args: string }[]
}

/** The Dockerfile as stages of instructions, continuation lines joined. */
export function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\r?\n/g, ' ')
  const stages: Stage[] = []
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const m = /^([A-Z]+)\s+(.*)$/.exec(line)
    if (!m) continue
    const op = m[1] ?? ''
    const args = m[2] ?? ''
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)
      stages.push({ name: from?.[2] ?? String(stages.length), from: from?.[1] ?? args, lines: [] })
    } else stages.at(-1)?.lines.push({ op, args: args.replace(/\s+/g, ' ') })
  }
  return stages
}

/** `KEY=value` pairs of ENV instructions (the `KEY=value KEY2=value2` form). */
function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>()
  for (const l of stage.lines.filter((x) => x.op === 'ENV'))
    for (const m of l.args.matchAll(/([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)/g)) env.set(m[1] ?? '', (m[2] ?? '').replace(/^"|"$/g, ''))
  return env
}

/** The argv of an exec-form (JSON array) instruction such as CMD. */
function execForm(args: string): string[] | undefined {
  try {
    const argv = JSON.parse(args) as unknown
    return Array.isArray(argv) && argv.every((a) => typeof a === 'string') ? argv : undefined
  } catch {
    return undefined
  }
}

/** Whether docs/deploy.md's settings table has a row for key (its first cell names it). */
const documented = (docs: string, key: string) =>
  docs.split(/\r?\n/).some((line) => line.startsWith('|') && (line.split('|')[1] ?? '').includes(`\`${key}\``))

function checkDockerfile(root: string, problems: string[]): Stage | undefined {
  const file = join(root, 'Dockerfile')
  if (!existsSync(file)) return void problems.push('Dockerfile: missing')
  const stages = parseDockerfile(readFileSync(file, 'utf8'))
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
    engines?: { node?: string }
  }
  const docs = readFileSync(join(root, 'docs/deploy.md'), 'utf8')
  const build = stages.find((s) => s.name === 'build')
  const runtime = stages.at(-1)
  if (!build || !runtime || build === runtime) return void problems.push('Dockerfile: needs a "build" stage and a runtime stage after it')

  const engine = /(\d+)\.(\d+)/.exec(pkg.engines?.node ?? '')
  const [minMajor, minMinor] = engine ? [Number(engine[1]), Number(engine[2])] : [0, 0]
  for (const s of stages) {
    const v = /^node:(\d+)(?:\.(\d+))?/.exec(s.from)
    if (!v) problems.push(`Dockerfile: stage ${s.name} is not a Node image (${s.from})`)
    else if (Number(v[1]) < minMajor || (Number(v[1]) === minMajor && Number(v[2] ?? 0) < minMinor))
      problems.push(`Dockerfile: ${s.from} is older than package.json's engines.node (${pkg.engines?.node})`)
  }

  const runs = (s: Stage) => s.lines.filter((l) => l.op === 'RUN').map((l) => l.args)
  if (!runs(build).some((r) => /\bnpm ci\b/.test(r))) problems.push('Dockerfile: the build stage does not run npm ci')
  if (!runs(build).some((r) => /\bnpm run build\b/.test(r)) || !pkg.scripts.build)
    problems.push('Dockerfile: the build stage does not run the package\'s "npm run build"')
  if (!runs(runtime).some((r) => /\bnpm ci\b.*--omit=dev/.test(r)))
    problems.push('Dockerfile: the runtime stage must install with npm ci --omit=dev')

  // What the image runs is what `npm start` runs after its build.
  const started = /&&\s*node\s+(\S+)\s*$/.exec(pkg.scripts.start ?? '')?.[1]
  const cmd = execForm(runtime.lines.findLast((l) => l.op === 'CMD')?.args ?? '')
  if (!cmd || cmd[0] !== 'node') problems.push('Dockerfile: CMD must be the exec form ["node", <entry>]')
  else if (cmd[1] !== started) problems.push(`Dockerfile: CMD runs ${cmd[1]}, npm start runs ${started}`)

  const workdir = runtime.lines.findLast((l) => l.op === 'WORKDIR')?.args ?? '/'
  for (const l of [...build.lines, ...runtime.lines].filter((x) => x.op === 'COPY')) {
    const parts = l.args.split(' ').filter((p) => !p.startsWith('--chown'))
    const fromStage = parts[0]?.startsWith('--from=') ? parts.shift()?.slice('--from='.length) : undefined
    const sources = parts.slice(0, -1)
    for (const src of sources) {
      if (src === '.') continue
      if (fromStage === 'build') {
        const rel = src.replace(/^\/app\//, '')
        // dist/ is what `npm run build` writes; anything else copied out of the build stage must be in the repository.
        if (rel !== 'dist' && !existsSync(join(root, rel)))
          problems.push(`Dockerfile: copies ${src} from the build stage, not in the repository`)
      } else if (!existsSync(join(root, src))) problems.push(`Dockerfile: copies ${src}, not in the repository`)
    }
  }

  const user = runtime.lines.findLast((l) => l.op === 'USER')?.args
  if (!user || user === 'root' || user === '0') problems.push('Dockerfile: the runtime stage must run as a non-root USER')

  const health = runtime.lines.find((l) => l.op === 'HEALTHCHECK')?.args ?? ''
  const probed = /(\/api\/[\w/-]+)/.exec(health)?.[1]
  if (!probed) problems.push('Dockerfile: no HEALTHCHECK on an /api route')
  else if (!PUBLIC_API_ROUTES.has(`GET ${probed}`)) problems.push(`Dockerfile: HEALTHCHECK probes ${probed}, not a public GET route`)

  const env = envOf(runtime)
  for (const key of env.keys()) {
    if (!ENV_KEYS.includes(key)) problems.push(`Dockerfile: ENV ${key} is not a setting of server/config.ts`)
    else if (!documented(docs, key)) problems.push(`Dockerfile: ENV ${key} is not documented in docs/deploy.md`)
  }
  const exposed = runtime.lines.find((l) => l.op === 'EXPOSE')?.args
  if (exposed !== env.get('PORT')) problems.push(`Dockerfile: EXPOSE ${exposed} but PORT=${env.get('PORT')}`)
  if (env.get('HOST') !== '0.0.0.0') problems.push('Dockerfile: HOST must be 0.0.0.0 in a container (the default listens on loopback only)')
  if (env.get('SIDEBAR_DIR') !== join(workdir, 'dist/client'))
    problems.push(`Dockerfile: SIDEBAR_DIR is not ${join(workdir, 'dist/client')}`)
  const dataDir = env.get('DATA_DIR')
  const volumes = runtime.lines.filter((l) => l.op === 'VOLUME').map((l) => l.args)
  if (!dataDir || !volumes.some((v) => v.includes(`"${dataDir}"`) || v === dataDir)) problems.push('Dockerfile: DATA_DIR must be a VOLUME')
  if (!runs(runtime).some((r) => dataDir && r.includes(`chown ${user}`) && r.includes(dataDir)))
    problems.push('Dockerfile: DATA_DIR must belong to the runtime USER')

  const ignore = existsSync(join(root, '.dockerignore')) ? readFileSync(join(root, '.dockerignore'), 'utf8').split(/\r?\n/) : []
  for (const must of ['node_modules', 'dist', 'data', '.env'])
    if (!ignore.includes(must)) problems.push(`.dockerignore: must leave out ${must} (built or secret, never copied in)`)
  return runtime
}

type Service = {
  build?: string
  image?: string
  environment?: Record<string, string>
  ports?: string[]
  volumes?: string[]
  depends_on?: Record<string, { condition?: string }> | string[]
  stop_grace_period?: string
  healthcheck?: unknown
}

function checkCompose(root: string, runtime: Stage | undefined, problems: string[]): void {
  const file = join(root, 'compose.yaml')
  if (!existsSync(file)) return void problems.push('compose.yaml: missing')
  const compose = parseYaml(readFileSync(file, 'utf8'), { merge: true }) as { services?: Record<string, Service> }
  const services = compose.services ?? {}
  const docs = readFileSync(join(root, 'docs/deploy.md'), 'utf8')
  const apps = Object.entries(services).filter(([, s]) => s.build === '.')
  if (apps.length < 2) problems.push('compose.yaml: needs at least two instances built from this repository')
  const port = runtime ? envOf(runtime).get('PORT') : undefined

  for (const [name, s] of apps) {
    const env = s.environment ?? {}
    for (const key of Object.keys(env)) {
      if (!ENV_KEYS.includes(key)) problems.push(`compose.yaml: ${name} sets ${key}, not a setting of server/config.ts`)
      else if (!documented(docs, key)) problems.push(`compose.yaml: ${name} sets ${key}, not documented in docs/deploy.md`)
    }
    const [, dbUser, dbHost = '', , dbName] = /^postgres:\/\/([^:]+):[^@]+@([^:/]+):(\d+)\/(\w+)$/.exec(env.DATABASE_URL ?? '') ?? []
    const pg = services[dbHost]
    if (!pg) problems.push(`compose.yaml: ${name}'s DATABASE_URL does not name a PostgreSQL service of this file`)
    else if (pg.environment?.POSTGRES_USER !== dbUser || pg.environment?.POSTGRES_DB !== dbName)
      problems.push(`compose.yaml: ${name}'s DATABASE_URL user or database differs from the ${dbHost} service's`)
    if (!/^\$\{SESSION_SECRET:\?/.test(env.SESSION_SECRET ?? ''))
      problems.push(`compose.yaml: ${name} must take SESSION_SECRET from the environment, required (instances share it)`)
    if (!env.TRUST_PROXY) problems.push(`compose.yaml: ${name} must trust the load balancer (TRUST_PROXY)`)
    const deps = s.depends_on && !Array.isArray(s.depends_on) ? s.depends_on : {}
    if (pg && deps[dbHost]?.condition !== 'service_healthy') problems.push(`compose.yaml: ${name} must wait for ${dbHost} to be healthy`)
    const grace = Number(/^(\d+)s$/.exec(s.stop_grace_period ?? '')?.[1] ?? 0)
    if (grace < 20) problems.push(`compose.yaml: ${name} needs stop_grace_period of at least 20s (docs/deploy.md)`)
  }
  const [first, ...others] = apps.map(([, s]) => JSON.stringify(s.environment ?? {}))
  if (others.some((e) => e !== first)) problems.push('compose.yaml: the instances must have the same settings')
  // Everything the instances share is in PostgreSQL, library files included (docs/deploy.md): a volume mounted by
  // several of them is a leftover, and a PGlite DATA_DIR on it would be opened by two processes.
  const mounts = new Map<string, number>()
  for (const [, s] of apps)
    for (const v of s.volumes ?? []) if (/^[\w-]+:/.test(v)) mounts.set(v.split(':')[0]!, (mounts.get(v.split(':')[0]!) ?? 0) + 1)
  for (const [volume, n] of mounts)
    if (n > 1) problems.push(`compose.yaml: ${n} instances share the volume ${volume}; they share only PostgreSQL`)

  // The load balancer: an nginx whose upstream is exactly the instances, on the port the image listens on.
  const lb = Object.entries(services).find(([, s]) => s.image?.startsWith('nginx'))
  const conf = lb?.[1].volumes?.map((v) => /^\.\/(\S+):\/etc\/nginx\/conf\.d\/\S+/.exec(v)?.[1]).find(Boolean)
  if (!lb || !conf || !existsSync(join(root, conf)))
    return void problems.push('compose.yaml: needs an nginx load balancer with its config in the repository')
  const nginx = readFileSync(join(root, conf), 'utf8')
  const upstream = [...nginx.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`).sort()
  const expected = apps.map(([name]) => `${name}:${port}`).sort()
  if (JSON.stringify(upstream) !== JSON.stringify(expected))
    problems.push(`${conf}: upstream ${upstream.join(', ')} is not ${expected.join(', ')}`)
  const listen = /^\s*listen\s+(\d+)/m.exec(nginx)?.[1]
  if (!lb[1].ports?.some((p) => p.endsWith(`:${listen}`)))
    problems.push(`compose.yaml: the load balancer does not publish nginx's port ${listen}`)
  const bodyMb = Number(/client_max_body_size\s+(\d+)m/.exec(nginx)?.[1] ?? 1)
  if (bodyMb * 1024 * 1024 <= MEDIA_LIMITS.file)
    problems.push(`${conf}: client_max_body_size must exceed the ${MEDIA_LIMITS.file / 1024 / 1024} MB upload limit`)
  for (const header of ['X-Forwarded-For', 'X-Forwarded-Proto'])
    if (!nginx.includes(`proxy_set_header ${header}`)) problems.push(`${conf}: must set ${header}`)
}

/** Every problem found in the deployment files under root; none means they match the package and the docs. */
export function checkDeployFiles(root: string): string[] {
  const problems: string[] = []
  const runtime = checkDockerfile(root, problems)
  checkCompose(root, runtime, problems)
  return problems
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = checkDeployFiles(process.cwd())
  for (const p of problems) console.error(`✗ ${p}`)
  console.log(
    problems.length
      ? `${problems.length} problem(s) in the deployment files`
      : '✓ Dockerfile, compose.yaml and deploy/nginx.conf match the package and docs/deploy.md',
  )
  process.exitCode = problems.length ? 1 : 0
}
