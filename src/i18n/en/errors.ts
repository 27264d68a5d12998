/**
 * The proxy's refusals in English, by their code (`{code, message}` answers; the proxy writes `message` in Chinese).
 * A code not here keeps the proxy's words: they name what they are about (a task id, a customer), and the error
 * report carries the code. Fetched with the English first-paint areas, never by Chinese users.
 */
export const errors: Record<string, string> = {
  NO_SESSION: 'Your sign-in expired, signing in again…',
  ADMIN_ONLY: 'Only admins can do this: ask an admin (ADMIN_USER_IDS), and open this from WeCom.',
  RATE_LIMITED: 'Too many requests: please wait a few seconds and retry.',
  INTERNAL: 'The service had a problem. Please retry in a moment.',
  CROSS_SITE_REQUEST: 'This can only be done from Customer Assistant’s own pages: retry in the sidebar.',
  WRONG_HOST: 'This works only in the other app you can open the sidebar from (WeCom or Qikeliao): open the sidebar there.',
  VENDOR_UNAVAILABLE: 'The vendor cannot be reached right now. Please try again in a while.',
  UPSTREAM_TIMEOUT: 'The vendor did not answer in time. Please retry in a moment.',
  UPSTREAM_FAILED: 'The vendor returned an error. Please retry in a moment.',
  NOT_YOUR_CONTACT: 'This is not your customer: only staff who added the customer can view and send.',
  NO_YOUMI_IDENTITY: 'This customer has no Youmi broadcast identity: use “Send to chat”, or ask your admin to import one.',
  CAMPAIGN_NOT_TRACKED: 'This campaign is not tracked: ask your admin to add it first.',
  SEND_BUSY: 'This send is being changed at the same time: refresh in a moment to see the result.',
  WECOM_SIGNATURE_INVALID:
    'The JS-SDK signature check failed (40093). Ask your admin to check that PUBLIC_URL matches the sidebar address and that the app Secret is right.',
  WECOM_DOMAIN_NOT_TRUSTED:
    "This page's domain is not a trusted domain of the app (80001). Ask your admin to set it under the app's Web Authorization and JS-SDK settings.",
  WECOM_CREDENTIALS_INVALID: "The WeCom app's credentials are wrong: ask your admin to check WECOM_CORP_ID and WECOM_SECRET.",
  WECOM_IP_NOT_TRUSTED: "The service's outbound IP is not among the app's trusted IPs: ask your admin to add it in WeCom.",
  WECOM_API_FORBIDDEN:
    'The app may not call this WeCom API: ask your admin to add it under Customer Contact → Apps allowed to call the API.',
  WECOM_RATE_LIMITED: 'WeCom is being called too often. Please retry in a moment.',
  YOUMI_CREDENTIALS_INVALID: "Youmi refused the service's credentials: ask your admin to check the YOUMI_* settings.",
  YOUMI_CLOCK_SKEW: "Youmi says the request expired: ask your admin to check the service's clock.",
  WSHOTO_CREDENTIALS_INVALID: "WShoto refused the app's credentials: ask your admin to check WSHOTO_APP_ID and WSHOTO_APP_SECRET.",
}
