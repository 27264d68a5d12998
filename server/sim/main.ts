/**
 * The simulator as a process of its own, for several proxy instances that must see one WeCom, one Youmi and one
 * WShoto (test/cluster/). Demo mode starts a simulator inside each proxy with credentials made up per process; here the
 * credentials come from the same variables the proxy reads, so the proxies run as against the real vendors, with
 * WECOM_API_BASE, WECOM_OAUTH_BASE, WECOM_LOGIN_BASE, YOUMI_API_BASE, YOUMI_TOKEN_URL and WSHOTO_API_BASE pointing here.
 *
 *   WECOM_CORP_ID=… WECOM_AGENT_ID=… WECOM_SECRET=… YOUMI_CLIENT_ID=… YOUMI_CLIENT_SECRET=… YOUMI_TENANT_ID=… \
 *   WSHOTO_APP_ID=… WSHOTO_APP_SECRET=… SIM_PORT=0 SIM_TRUSTED_ORIGIN=https://sidebar.example.com npm run sim
 *
 * Prints `Simulator listening on http://127.0.0.1:PORT` once it listens; SIGTERM/SIGINT close it. Loopback unless
 * SIM_HOST says otherwise: its /__sim/ controls have no authentication.
 */
import { startSimulator } from './index.js'
import { simSettingsOf } from './standalone.js'

async function main(): Promise<void> {
  const sim = await startSimulator(simSettingsOf(process.env))
  const close = () => void sim.close().then(() => process.exit(0))
  process.on('SIGTERM', close)
  process.on('SIGINT', close)
  console.log(`Simulator listening on ${sim.url}`)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
