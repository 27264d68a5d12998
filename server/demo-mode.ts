import type { App } from './routes/context.js'
import type { MaterialFileStore } from './services/material-files.js'
import type { Db } from './store/db.js'

/**
 * What demo mode adds to the app: demo rows in the database and a few routes. server/demo/ builds it and
 * server/boot.ts loads that with a dynamic import only in demo mode, so the proxy itself never depends on the
 * simulator or the demo data; `buildApp` takes it as `deps.demo`.
 */
export interface DemoMode {
  /** Fills the database with what the demo needs and the simulator cannot hold; keeps what is already there. */
  seed(parts: { db: Db; files: MaterialFileStore; now: Date }): Promise<void>
  /** Registered in the public scope: pages a browser opens without a session (the simulator's sign-in page). */
  publicRoutes(scope: App, app: DemoAppParts): Promise<void>
  /** Registered in the signed-in scope: the playground and its 企客聊 entry links. */
  signedInRoutes(scope: App, app: DemoAppParts): Promise<void>
}

/** What the demo's routes take from the app they join. */
export interface DemoAppParts {
  /** The app's clock (tests inject one): entry links the demo mints must be fresh by it. */
  now: () => number
}
