/**
 * Writes the proxy's OpenAPI document (the one GET /api/openapi.json serves) to a file, for `npm run build`:
 * `tsx scripts/write-openapi.ts [dist/openapi.json]`. The app is built in demo mode on an in-memory database, so
 * the demo's routes are described too; nothing listens and no vendor is called.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { buildApp } from '../server/app.js'
import { boot } from '../server/boot.js'
import { parseEnv } from '../server/config.js'

export interface OpenApiDocument {
  openapi: string
  paths: Record<string, Record<string, unknown>>
}

/** The document of a demo-mode app, built and closed again. */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-'))
  try {
    const { config, sim, demo } = await boot(parseEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), 0)
    const app = await buildApp({ ...config, database: { kind: 'memory' }, staticDir: undefined }, { demo, logger: false })
    try {
      await app.ready()
      return app.swagger() as unknown as OpenApiDocument
    } finally {
      await app.close()
      await sim?.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] === import.meta.filename) {
  const out = resolve(process.argv[2] ?? 'dist/openapi.json')
  const spec = await buildOpenApiDocument()
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, `${JSON.stringify(spec, null, 2)}\n`)
  const operations = Object.values(spec.paths).reduce((n, p) => n + Object.keys(p).length, 0)
  console.log(`OpenAPI ${spec.openapi}: ${operations} operations on ${Object.keys(spec.paths).length} paths → ${out}`)
}
