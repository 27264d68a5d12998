import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkDeployFiles, parseDockerfile } from './check-deploy-files.js'

const ROOT = join(import.meta.dirname, '..')
const FILES = ['Dockerfile', '.dockerignore', 'compose.yaml', 'deploy/nginx.conf', 'package.json', 'package-lock.json', 'docs/deploy.md']

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})

/** A copy of the deployment files (and what they are checked against) with one file changed. */
function copyWith(file: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-files-'))
  dirs.push(dir)
  for (const f of FILES) cpSync(join(ROOT, f), join(dir, f))
  // The files the Dockerfile copies out of the repository must exist in the copy too.
  cpSync(join(ROOT, 'server/demo-media'), join(dir, 'server/demo-media'), { recursive: true })
  const text = readFileSync(join(dir, file), 'utf8')
  const changed = change(text)
  expect(changed, `the change to ${file} applies`).not.toBe(text)
  writeFileSync(join(dir, file), changed)
  return dir
}

describe('deployment files', () => {
  it('the Dockerfile and compose.yaml match the package scripts and the documented settings', () => {
    expect(checkDeployFiles(ROOT)).toEqual([])
  })

  it('reads stages and joins continued lines', () => {
    const stages = parseDockerfile('FROM node:20 AS build\nRUN a \\\n  && b\nFROM node:20\nCMD ["node", "x.js"]\n')
    expect(stages.map((s) => s.name)).toEqual(['build', '1'])
    expect(stages[0]?.lines).toEqual([{ op: 'RUN', args: 'a && b' }])
  })

  // Each mutation is a mistake the check exists to catch: it must name it.
  const mistakes: [string, string, (t: string) => string, RegExp][] = [
    [
      'a CMD that npm start does not run',
      'Dockerfile',
      (t) => t.replace('dist/node/server/main.js"]', 'dist/server.js"]'),
      /CMD runs dist\/server\.js/,
    ],
    ['a root runtime', 'Dockerfile', (t) => t.replace('USER node', 'USER root'), /non-root USER/],
    [
      'a health check on a route that needs a session',
      'Dockerfile',
      (t) => t.replace("'/api/health'", "'/api/sends'"),
      /HEALTHCHECK probes/,
    ],
    [
      'a setting the proxy does not have',
      'Dockerfile',
      (t) => t.replace('PORT=8080 \\', 'PORT=8080 \\\n    SIDEBAR_PORT=1 \\'),
      /SIDEBAR_PORT is not a setting/,
    ],
    [
      'an image older than engines.node',
      'Dockerfile',
      (t) => t.replace('FROM node:20.20-bookworm-slim AS runtime', 'FROM node:18-slim AS runtime'),
      /older than/,
    ],
    ['dev dependencies in the runtime', 'Dockerfile', (t) => t.replace('npm ci --omit=dev', 'npm ci'), /--omit=dev/],
    ['a copied file that does not exist', 'Dockerfile', (t) => t.replace('/app/server/demo-media', '/app/server/media'), /server\/media/],
    ['EXPOSE beside PORT', 'Dockerfile', (t) => t.replace('EXPOSE 8080', 'EXPOSE 3000'), /EXPOSE 3000/],
    ['node_modules sent to the build', '.dockerignore', (t) => t.replace('node_modules\n', ''), /node_modules/],
    ['an undocumented setting', 'docs/deploy.md', (t) => t.replace('| `TRUST_PROXY` |', '| TRUST |'), /TRUST_PROXY, not documented/],
    ['a database URL to no service', 'compose.yaml', (t) => t.replace('@postgres:5432', '@db:5432'), /does not name a PostgreSQL service/],
    [
      'an optional shared secret',
      'compose.yaml',
      (t) => t.replace(/\$\{SESSION_SECRET:\?[^}]*\}/, '${SESSION_SECRET:-changeme}'),
      /SESSION_SECRET/,
    ],
    [
      'a volume shared by the instances',
      'compose.yaml',
      (t) =>
        t
          .replace('  environment:\n    DATABASE_URL', '  volumes:\n    - files:/data\n  environment:\n    DATABASE_URL')
          .replace(/^volumes:\n/m, 'volumes:\n  files:\n'),
      /share the volume files/,
    ],
    ['a short stop grace', 'compose.yaml', (t) => t.replace('stop_grace_period: 20s', 'stop_grace_period: 5s'), /stop_grace_period/],
    [
      'an upstream missing an instance',
      'deploy/nginx.conf',
      (t) => t.replace(/^\s*server sidebar-2:8080.*\n/m, ''),
      /upstream sidebar-1:8080 is not/,
    ],
    [
      'uploads cut by the balancer',
      'deploy/nginx.conf',
      (t) => t.replace('client_max_body_size 25m', 'client_max_body_size 10m'),
      /client_max_body_size/,
    ],
  ]
  it.each(mistakes)('finds %s', (_name, file, change, problem) => {
    const problems = checkDeployFiles(copyWith(file, change))
    expect(
      problems.some((p) => problem.test(p)),
      problems.join('\n'),
    ).toBe(true)
  })
})
