/**
 * Demo mode in one place: the simulator started for vendors without credentials, the demo's database rows, the
 * playground and the `/sim/*` pass-through. server/boot.ts imports this file with a dynamic `import()` only when a
 * vendor is simulated; nothing else in the proxy imports server/demo/ or server/sim/ (the lint's boundaries).
 */
import type { AppConfig, WecomCredentials, WshotoCredentials, YoumiCredentials } from '../config.js'
import type { DemoMode } from '../demo-mode.js'
import { demoStaff } from '../sim/demo-data.js'
import { startSimulator, type Simulator } from '../sim/index.js'
import { demoSignedInRoutes } from './routes.js'
import { seedDemoData } from './seed.js'
import { simPassThroughRoutes } from './sim-pass-through.js'

/** The simulator of a demo run, on a loopback port; browsers reach its pages through `${publicUrl}/sim`. */
export function startDemoSimulator(
  credentials: { wecom: WecomCredentials; youmi: YoumiCredentials; wshoto: WshotoCredentials },
  publicUrl: string,
): Promise<Simulator> {
  return startSimulator({ credentials, host: '127.0.0.1', port: 0, publicUrl: `${publicUrl}/sim`, trustedOrigin: publicUrl })
}

/** The demo staff who are admins: ADMIN_USER_IDS of a demo that names none. */
export function demoAdminIds(): string[] {
  return demoStaff.filter((s) => s.isAdmin).map((s) => s.userId)
}

/** What `buildApp` adds in demo mode, each part only where `config` says its vendor is simulated. */
export function demoMode(config: AppConfig): DemoMode {
  return {
    seed: ({ db, files, now }) => seedDemoData(db, config, now, files),
    publicRoutes: async (scope) => {
      if (config.simUrl) await simPassThroughRoutes(scope, config.simUrl)
    },
    signedInRoutes: (scope, app) => demoSignedInRoutes(scope, config, app),
  }
}
