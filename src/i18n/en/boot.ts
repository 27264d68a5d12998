import type { Messages } from '../zh-CN/index.js'

export const boot: Messages['boot'] = {
  signingIn: 'Signing in…',
  starting: 'Connecting to WeCom…',
  loadFailed: 'The sidebar could not start',
  noContext: {
    title: 'Open this from a chat with a customer',
    lead: 'Customer Assistant must be opened from the toolbar of a one-to-one or customer group chat, so it knows who the customer is.',
    entry: 'Opened from: {entry}',
  },
  host: {
    noPermission:
      'This app lacks the Customer Contact permission, or your account has no Customer Contact access. Ask your admin to add this app under Customer Contact → Apps allowed to call the API, and to check that you are in its scope.',
    noContactContext:
      'This page is not inside a customer chat. Close the sidebar and open it again from the toolbar of a chat with a customer or a customer group.',
    // The same meaning as contracts/jssdk-advice.ts STAFF_SIGNATURE_INVALID / STAFF_DOMAIN_NOT_TRUSTED.
    badSignature:
      'The JS-SDK signature check failed (40093). Ask your admin to check that PUBLIC_URL matches the sidebar address and that the app Secret is right.',
    untrustedDomain:
      "This page's domain is not a trusted domain of the app (80001). Ask your admin to set it under the app's Web Authorization and JS-SDK settings.",
    aborted: 'Switching pages interrupted the call to WeCom. Please retry.',
    cancelled: 'Cancelled.',
    unsupported: 'This WeCom version does not support this. Please update WeCom.',
    timeout: 'WeCom did not answer. Please retry; if it persists, reopen the sidebar.',
    unknown: 'WeCom returned an error: {detail}',
    playgroundLost: 'The demo page does not answer. Please reload the demo page.',
    wrongChat: 'The chat has changed: this message was not sent. Go back to the previous chat and retry.',
  },
}
