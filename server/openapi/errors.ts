/**
 * Every error code the proxy answers with, its HTTP status and when it happens: the reference the OpenAPI document
 * lists per route. The messages themselves are written where the error is thrown (Chinese, for people, with what they
 * name as `params`); the sidebar's English words for every code are src/i18n/en/errors.ts (its test fails on a code
 * without). This table is for programs and maintainers. A vendor's codes are `<VENDOR>_…` with VENDOR one of WECOM,
 * YOUMI, WSHOTO.
 */
export interface ErrorCodeDoc {
  status: number
  when: string
}

export const ERROR_CODES = {
  // Any request
  INVALID_REQUEST: {
    status: 400,
    when: 'The body, query or path parameters do not match the schema; `issues` lists each field (`key` and `params` for a contract’s own check).',
  },
  INVALID_JSON: { status: 400, when: 'The body is not valid JSON, or is empty while declared as JSON.' },
  INVALID_TEXT: { status: 400, when: 'A text field holds a NUL character or broken Unicode.' },
  BODY_TOO_LARGE: { status: 413, when: 'The body is over the limit (256 KB for JSON).' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, when: 'A write without `Content-Type: application/json` (multipart only where documented).' },
  RATE_LIMITED: { status: 429, when: 'Too many requests from this IP or staff member; `Retry-After` says when to try again.' },
  NOT_FOUND: { status: 404, when: 'No route at this method and path.' },
  CROSS_SITE_REQUEST: {
    status: 403,
    when: 'A POST, PUT, PATCH or DELETE a browser sent from another page: `Sec-Fetch-Site` other than `same-origin`, or an `Origin` other than PUBLIC_URL’s.',
  },
  BAD_REQUEST: { status: 400, when: 'A request the HTTP layer could not read (malformed request line or headers).' },
  REQUEST_TIMEOUT: { status: 408, when: 'The request did not arrive in time (its body trickled for over 120 s).' },
  HEADERS_TOO_LARGE: { status: 431, when: 'The request’s headers (cookies included) are over 16 KB.' },
  SHUTTING_DOWN: {
    status: 503,
    when: 'The proxy is closing (a restart or deploy); `Retry-After` says when to try again, at another instance or this one.',
  },
  INTERNAL: { status: 500, when: 'An unexpected failure; details are in the log only.' },
  METRICS_TOKEN_INVALID: { status: 401, when: '`GET /metrics` without the bearer token METRICS_TOKEN.' },
  // Identity
  NO_SESSION: { status: 401, when: 'No session cookie, or the session expired or was ended: sign in again through OAuth.' },
  ADMIN_ONLY: { status: 403, when: 'The staff member is not in ADMIN_USER_IDS, or signed in from 企客聊.' },
  WRONG_HOST: {
    status: 403,
    when: 'A 企客聊 session on a WeCom route (customers, groups, JS-SDK, admin) or a WeCom session on a 企客聊 route (friends, sends to friends).',
  },
  URL_NOT_ALLOWED: { status: 400, when: 'A signature was asked for a page outside PUBLIC_URL.' },
  // Customers, groups, friends
  NOT_YOUR_CONTACT: { status: 403, when: 'The staff member does not follow this customer in WeCom.' },
  CONTACT_NOT_FOUND: { status: 404, when: 'WeCom does not know this external_userid.' },
  NOT_YOUR_GROUP: { status: 403, when: 'The staff member is neither owner nor member of this customer group.' },
  GROUP_NOT_FOUND: { status: 404, when: 'WeCom does not know this customer group chat.' },
  FRIEND_NOT_FOUND: { status: 404, when: 'No 企客聊 friend with this id for this staff member.' },
  CSV_HEADER_INVALID: { status: 400, when: 'The CSV of Youmi identities lacks the documented header.' },
  // Sends
  CONTENT_NOT_ON_CHANNEL: { status: 400, when: 'A content kind the chosen channel cannot carry (e.g. a mini program through Youmi).' },
  GROUP_NEEDS_CHAT_CHANNEL: { status: 400, when: 'A customer group can only be sent to through the chat channel.' },
  FRIEND_NEEDS_RPA_CHANNEL: { status: 400, when: 'A 企客聊 friend can only be sent to through Youmi (rpa).' },
  SCHEDULE_NOT_SUPPORTED: { status: 400, when: '`scheduleAt` on the chat channel.' },
  SCHEDULE_IN_PAST: { status: 400, when: '`scheduleAt` is not in the future.' },
  SCHEDULE_TOO_FAR: { status: 400, when: '`scheduleAt` is too far ahead.' },
  CURSOR_INVALID: { status: 400, when: 'The list cursor was not made by this proxy.' },
  NO_YOUMI_IDENTITY: { status: 409, when: 'The customer has no Youmi identity (an admin imports it with PUT /api/admin/contact-links).' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, when: 'The same idempotency key with different content, target or channel.' },
  SEND_BUSY: { status: 409, when: 'Other requests kept changing this send while this one decided; ask again.' },
  SEND_IN_PROGRESS: { status: 409, when: 'An earlier request with this key is still running; ask again in a moment.' },
  SEND_OUTCOME_UNKNOWN: {
    status: 409,
    when: 'The vendor may or may not have acted (504/502 on the attempt itself); check, then use a new key.',
  },
  SEND_NOT_FOUND: { status: 404, when: 'No send with this id for this staff member.' },
  SEND_NOT_SETTLEABLE: { status: 409, when: 'Settling a send whose outcome is known (only an `unknown` send is settled by hand).' },
  SEND_ALREADY_SETTLED: { status: 409, when: 'The send was settled as not sent and sent again under another key already.' },
  SEND_NOT_CANCELLABLE: { status: 409, when: 'Only a scheduled Youmi send that has not started can be cancelled.' },
  CANCEL_IN_PROGRESS: { status: 409, when: 'A cancel of this send is already running.' },
  NOT_A_CHAT_SEND: { status: 409, when: 'A client result or media refresh for a send of the rpa channel.' },
  SEND_RESULT_ALREADY_RECORDED: { status: 409, when: 'The client already reported a different result for this send.' },
  MEDIA_REFRESH_NOT_APPLICABLE: { status: 409, when: 'The send carries no uploaded media, or is not waiting for its client.' },
  MEDIA_REFRESH_USED: { status: 409, when: 'The media of this attempt were already uploaded again once.' },
  MEDIA_UNAVAILABLE: { status: 502, when: 'A file could not be made a WeCom media id.' },
  FILE_IN_USE: { status: 409, when: 'An orphan-file removal for a file a material or a Youmi send yet to run still names.' },
  MATERIAL_FILE_NOT_FOUND: { status: 404, when: 'A `fileId` that is not in the library.' },
  MEDIA_URL_INVALID: { status: 400, when: 'A media URL that cannot be read as a URL.' },
  MEDIA_HOST_NOT_ALLOWED: { status: 400, when: 'A media URL whose host is not on MEDIA_ALLOWED_HOSTS.' },
  MEDIA_ADDRESS_FORBIDDEN: { status: 400, when: 'A media URL whose host is, or resolves to, a loopback, private or link-local address.' },
  MEDIA_SCHEME_NOT_ALLOWED: { status: 400, when: 'A media URL that is not http(s).' },
  MEDIA_TOO_MANY_REDIRECTS: { status: 400, when: 'A media URL redirected more than 3 times.' },
  MEDIA_FETCH_FAILED: { status: 502, when: 'A media URL could not be downloaded.' },
  MEDIA_TOO_LARGE: { status: 400, when: 'A file over its kind’s limit (image and video 10 MB, file 20 MB).' },
  MEDIA_TOO_SMALL: { status: 400, when: 'A file too small to be what it claims.' },
  MEDIA_TYPE_MISMATCH: { status: 400, when: 'A file whose bytes are not of the content kind (e.g. a PDF sent as an image).' },
  // Materials and files
  MATERIAL_NOT_FOUND: { status: 404, when: 'No material with this id.' },
  FILE_NOT_FOUND: { status: 404, when: 'No library file with this id and name (400 when a material names a file that is not stored).' },
  FILE_MISSING: { status: 400, when: 'The multipart upload has no file part.' },
  FILE_EMPTY: { status: 400, when: 'The uploaded file is empty.' },
  FILE_TOO_LARGE: { status: 413, when: 'The uploaded file is over 20 MB.' },
  FILE_NAME_INVALID: { status: 400, when: 'The file name is empty, too long or holds / \\ or control characters.' },
  TOO_MANY_FILES: { status: 400, when: 'More than one file in one upload.' },
  INVALID_MULTIPART: { status: 400, when: 'The multipart body cannot be read.' },
  RANGE_NOT_SATISFIABLE: { status: 416, when: 'A byte range outside the file.' },
  // Campaigns
  CAMPAIGN_ALREADY_TRACKED: { status: 409, when: 'The WShoto task is tracked already.' },
  CAMPAIGN_NOT_TRACKED: { status: 404, when: 'The WShoto task is not tracked by this company.' },
  CAMPAIGN_NOT_FOUND: { status: 404, when: 'WShoto does not know this task.' },
  // Demo
  DEMO_CONTACT_NOT_FOUND: { status: 404, when: 'Not a demo customer of this staff member.' },
  // Vendors (server/upstream/): each vendor's own codes carry its prefix
  VENDOR_UNAVAILABLE: {
    status: 503,
    when: 'The vendor’s circuit breaker is open after repeated failures; nothing was sent to it. `Retry-After` says when it lets a call through again.',
  },
  UPSTREAM_TIMEOUT: { status: 504, when: '`<VENDOR>_TIMEOUT`: the vendor did not answer in UPSTREAM_TIMEOUT_MS.' },
  UPSTREAM_FAILED: {
    status: 502,
    when: '`<VENDOR>_UNREACHABLE`, `<VENDOR>_HTTP_ERROR`, `<VENDOR>_BAD_RESPONSE`, `<VENDOR>_ERROR` and named codes such as `WECOM_IP_NOT_TRUSTED` (60020), `WECOM_CREDENTIALS_INVALID`, `YOUMI_TARGET_REJECTED`.',
  },
} as const satisfies Record<string, ErrorCodeDoc>

export type ErrorCode = keyof typeof ERROR_CODES
