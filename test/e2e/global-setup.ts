import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { buildSidebar, startServer, type ServerInfo } from './harness.js'

declare module 'vitest' {
  export interface ProvidedContext {
    e2eServer: ServerInfo
    /** The built sidebar the server serves (its dist/client). */
    e2eClientDir: string
  }
}

/**
 * Once for the whole e2e run: builds the sidebar (a private build; E2E_SKIP_BUILD=1 reuses dist/client) and starts
 * one real server process in demo mode, shared by the test files (they run one after another, each with its own
 * Chromium). The server's start initialises a fresh database, which takes seconds on a busy machine: once is enough.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const build = buildSidebar()
  if (build.ms !== null) console.log(`[e2e] built the sidebar in ${build.ms} ms`)
  try {
    const started = Date.now()
    // A chat send the sidebar never reported on is 「结果未知」 after 6 s here, not 2 minutes (test/e2e/settle.test.ts).
    // A busy machine (two cores shared by several runs) can take more than the default 45 s to start it.
    const server = await startServer({ appRoot: build.appRoot, timeoutMs: 240_000, extraEnv: { SEND_REPORT_WAIT_S: '6' } })
    console.log(`[e2e] server up in ${Date.now() - started} ms at ${server.base} (simulator ${server.simUrl})`)
    project.provide('e2eServer', { base: server.base, simUrl: server.simUrl, logFile: server.logFile })
    project.provide('e2eClientDir', join(build.appRoot, 'dist/client'))
    return async () => {
      await server.stop()
      build.remove()
    }
  } catch (err) {
    build.remove()
    throw err
  }
}
