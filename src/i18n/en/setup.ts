import type { Messages } from '../zh-CN/index.js'

// The WeCom admin console's menu names as its English interface shows them.
export const setup: Messages['setup'] = {
  title: 'Please open this in the WeCom chat sidebar',
  lead: 'Customer Assistant is a page in the WeCom chat toolbar: it needs to know which customer you are chatting with. In an ordinary browser there is no chat to read.',
  stepsTitle: 'Set-up steps for admins',
  steps: [
    'Sign in to the WeCom admin console → App Management → Self-built, and open this app.',
    'Under “Web Authorization and JS-SDK”, set the trusted domain to {host} (this service must open as https://{host}), and put WW_verify_*.txt at the root of the domain.',
    'Add the outbound IP of this service under “Trusted IPs”.',
    'Customer Contact → Apps allowed to call the API: add this app.',
    'Chat Toolbar → Configure pages: set the page URL to {url} (WeCom requires https://).',
    'Staff open a chat with a customer in WeCom and click “Customer Assistant” in the toolbar.',
  ],
  docs: 'Where each step is in the admin console, the addresses to enter and the service settings: see the deployment guide.',
  docsLink: 'Read the deployment guide',
  httpWarning:
    'You opened this page over http://. WeCom requires https://: set up an HTTPS certificate for this service first, and set PUBLIC_URL to an address starting with https://.',
  guide: {
    title: 'Deployment guide',
    back: 'Back',
    lead: 'To put Customer Assistant into WeCom: get an https domain and start the service, then do the settings below in the WeCom admin console. The addresses below are written for the domain you opened this at, {host}.',
    sections: [
      {
        title: 'An https domain and the service',
        items: [
          'A domain staff can reach, with an HTTPS certificate: the trusted domain, the web authorization callback and the chat toolbar page all require `https://`.',
          'Set `PUBLIC_URL=https://{host}`: the address staff open the sidebar at, with the same scheme, host and port, or the JS-SDK signature fails (40093).',
          'Set `SESSION_SECRET`: a random string of at least 32 characters that signs the sign-in cookie.',
          'Data is kept in `DATA_DIR` by default (the built-in database and the library files: back them up together); with several instances set `DATABASE_URL` to a PostgreSQL database.',
        ],
      },
      {
        title: 'WeCom admin console',
        items: [
          'App Management → Self-built → Create an app, and put its AgentId and Secret into `WECOM_AGENT_ID` and `WECOM_SECRET`; the Corp ID at the bottom of “My Company → Company Information” goes into `WECOM_CORP_ID`.',
          'App → Web Authorization and JS-SDK → Trusted domain: enter `{host}` (the domain only, without https://). Download `WW_verify_*.txt` as prompted and make `https://{host}/WW_verify_*.txt` open directly (put it in the public/ folder of the repository and build again, or serve it from the reverse proxy).',
          'Staff sign in through WeCom web authorization; the callback is `https://{host}/api/auth/callback`: it is under the trusted domain and needs no separate setting.',
          'Admins who open the admin pages (`https://{host}/admin/materials`, `/admin/status`) in a desktop browser sign in by scanning a WeCom QR code: App → WeCom Authorized Login → Web → set the authorized callback domain to `{host}`. Not needed if admins open those pages only inside WeCom.',
          'App → Trusted IPs: add the outbound IP of this service, or every call to WeCom fails (60020).',
          'Customer Contact → Apps allowed to call the API: add this app, or customers cannot be read (48002).',
          'App → Chat Toolbar → Configure pages: add a page with the URL `https://{host}/`, for both one-to-one and group chats.',
          'Put the accounts of the colleagues who manage the library and the campaigns into `ADMIN_USER_IDS` (comma separated).',
        ],
      },
      {
        title: 'Youmi and WShoto (if used)',
        items: [
          'Youmi: ask the vendor for the v2 API address, client credentials and tenant ID, and set `YOUMI_API_BASE`, `YOUMI_CLIENT_ID`, `YOUMI_CLIENT_SECRET`, `YOUMI_TENANT_ID`.',
          'WShoto: create an app on the WShoto open platform and set `WSHOTO_APP_ID`, `WSHOTO_APP_SECRET`.',
          'A vendor with none of its settings runs simulated; with only some of them the service refuses to start and lists what is missing.',
        ],
      },
      {
        title: 'Qikeliao (if used)',
        items: [
          'Qikeliao console → Back office → CRM integration: set the page URL to `https://{host}/api/qikeliao/enter`, with no parameters after it.',
          'Put the merchant key from the same page into `QIKELIAO_KEY`, and the system key into `QIKELIAO_SYSTEM_KEY`.',
        ],
      },
      {
        title: 'Check',
        items: [
          'Restart the service. An admin opens `https://{host}/admin/status` (System status) in WeCom (or in a desktop browser, after scanning the QR code): credentials, trusted IPs, the JS-SDK signature self-check and PUBLIC_URL are all checked there, with what to do when something is wrong.',
          'Staff open a chat with a customer and click “Customer Assistant” in the toolbar.',
        ],
      },
    ],
    reference: 'All environment variables and operations notes:',
    referenceLink: 'docs/deploy.md',
  },
}
