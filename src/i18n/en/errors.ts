import type { ContractWords, Field, WordKey } from '../../../contracts/words.js'

/**
 * The proxy's refusals in English, by their code (`{code, message, params}` answers; the proxy writes `message` in
 * Chinese and sends what it names — a limit, a file name, seconds to wait — as `params`, docs/api.md).
 * `{name}` is a param (without it, the proxy's words are shown); `[…]` is said only when every param inside it came (a
 * send's stored error has none);
 * `CODE.variant` is the wording for `params.variant`; `VENDOR_X` stands for WECOM_X, YOUMI_X and WSHOTO_X.
 * Every code the browser can meet has words here (errors.test.ts); a code without keeps the proxy's words.
 * Fetched with the English first-paint areas, never by Chinese users.
 */
export const errors: Record<string, string> = {
  // Any request
  INVALID_REQUEST: 'The request was not accepted: {issues}',
  INVALID_JSON: 'The request is not valid JSON.',
  INVALID_TEXT: '[{field} ]contains characters that cannot be saved (a NUL or broken Unicode): remove them and retry.',
  BODY_TOO_LARGE: 'The request is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'This kind of request content is not supported.',
  RATE_LIMITED: 'Too many requests: please wait[ {seconds} s] and retry.',
  NOT_FOUND: 'Nothing here[: {path}].',
  CROSS_SITE_REQUEST: 'This can only be done from Customer Assistant’s own pages: retry in the sidebar.',
  BAD_REQUEST: 'The request could not be read.',
  REQUEST_TIMEOUT: 'The request took too long to arrive: please retry.',
  HEADERS_TOO_LARGE: 'The request’s headers are too large: sign out and in again, then retry.',
  SHUTTING_DOWN: 'The service is restarting: please retry in a few seconds.',
  INTERNAL: 'The service had a problem. Please retry in a moment.',
  // Identity
  NO_SESSION: 'Your sign-in expired, signing in again…',
  ADMIN_ONLY: 'Only admins can do this: ask an admin (ADMIN_USER_IDS), and open this from WeCom.',
  WRONG_HOST: 'This works only in {host}: you signed in from {from}. Open the sidebar from {host}.',
  URL_NOT_ALLOWED: 'A signature can only be made for this sidebar’s own pages.',
  LOGIN_CODE_INVALID: 'The sign-in code is invalid or was used already: open the sidebar again to sign in.',
  // Customers, groups, friends
  NOT_YOUR_CONTACT: 'This is not your customer: only staff who added the customer can view and send.',
  CONTACT_NOT_FOUND: 'WeCom does not know this customer, or you are no longer their contact.',
  NOT_YOUR_GROUP: 'You are not in this customer group: only its owner and staff members in it can view and send.',
  GROUP_NOT_FOUND:
    'WeCom does not know this customer group (a wrong id, not a customer group, or dissolved): open the sidebar again from the group’s chat toolbar.',
  FRIEND_NOT_FOUND: 'This Qikeliao customer was not found: open the sidebar again from Qikeliao.',
  DEMO_CONTACT_NOT_FOUND: 'The demo has no such customer.',
  CSV_HEADER_INVALID: 'The first line of the CSV must be[: {header}].',
  // Sends
  CONTENT_NOT_ON_CHANNEL: 'Item {index} is {kind}, which cannot go out through {channel}: use {other}.',
  GROUP_NEEDS_CHAT_CHANNEL: 'Customer groups can only be sent to with “Send to chat”: scheduled broadcasts go to single customers.',
  FRIEND_NEEDS_RPA_CHANNEL: 'Qikeliao customers can only be sent to by scheduled broadcast: Qikeliao has no “Send to chat”.',
  SCHEDULE_NOT_SUPPORTED: '“Send to chat” sends at once and cannot be scheduled: choose “Broadcast” to schedule.',
  SCHEDULE_IN_PAST: 'The scheduled time has passed: choose a time in the future.',
  SCHEDULE_TOO_FAR: 'A send can be scheduled at most 30 days ahead.',
  CURSOR_INVALID: 'The page position is invalid: reload from the first page.',
  NO_YOUMI_IDENTITY: 'This customer has no Youmi broadcast identity: use “Send to chat”, or ask your admin to import one.',
  IDEMPOTENCY_KEY_REUSED: 'This send key was already used for a different send: a new send needs a new key.',
  SEND_BUSY: 'This send is being changed at the same time: refresh in a moment to see the result.',
  SEND_IN_PROGRESS: 'This send is being submitted: refresh in a moment to see the result.',
  SEND_OUTCOME_UNKNOWN: 'The result of this send is unknown: check in Youmi before deciding whether to send again.',
  SEND_INTERRUPTED: 'The service stopped while handing this send to Youmi, so its result is unknown: check in Youmi before sending again.',
  SEND_NOT_FOUND: 'This send was not found.',
  SEND_NOT_SETTLEABLE: 'Only a send whose result is unknown needs confirming: this one’s result is known.',
  SEND_ALREADY_SETTLED: 'This send was confirmed as not sent and sent again already.',
  SEND_NOT_CANCELLABLE: 'Only a scheduled broadcast that has not started can be cancelled.',
  'SEND_NOT_CANCELLABLE.started': 'The broadcast has started and can no longer be cancelled.',
  CANCEL_IN_PROGRESS: 'This broadcast is being cancelled: refresh in a moment.',
  NOT_A_CHAT_SEND: 'Only “Send to chat” sends report a result.',
  SEND_RESULT_ALREADY_RECORDED: 'The result of this send was recorded already.',
  CHAT_SEND_FAILED: 'WeCom did not send this message.',
  CHAT_RESULT_UNREPORTED: 'Result unknown: check the chat to see whether it went out.',
  SETTLED_NOT_SENT: 'Confirmed as not sent, and sent again.',
  MEDIA_REFRESH_NOT_APPLICABLE: 'This send has no image, video or file waiting to go out.',
  MEDIA_REFRESH_USED: 'The images, videos or files of this send were uploaded again once already: please send again later.',
  MEDIA_UNAVAILABLE: 'This service has no media upload configured: images, videos and files cannot be sent.',
  FILE_IN_USE: 'This file is still in use (a material names it, or a scheduled broadcast will download it): it cannot be removed.',
  MATERIAL_FILE_NOT_FOUND: 'The library no longer has this file[ ({name})]: it may have been removed, choose the material again.',
  MEDIA_URL_INVALID: 'The file link is not a valid address[: {url}].',
  'MEDIA_URL_INVALID.redirected': 'The file link redirected to an address that is not valid[: {url}].',
  'MEDIA_URL_INVALID.credentials': 'The file link cannot carry a user name or password.',
  MEDIA_HOST_NOT_ALLOWED:
    'The link’s domain[ {host}] is not on the allowed list (MEDIA_ALLOWED_HOSTS): upload the file to the library first, or ask your admin to allow the domain.',
  'MEDIA_HOST_NOT_ALLOWED.redirected':
    'The file link redirected to[ {host},] a domain not on the allowed list (MEDIA_ALLOWED_HOSTS): upload the file to the library first, or ask your admin to allow the domain.',
  MEDIA_ADDRESS_FORBIDDEN:
    'The file link points to an internal, local or reserved address[ ({host})], which the service never fetches: use a public address, or upload the file to the library.',
  'MEDIA_ADDRESS_FORBIDDEN.redirected':
    'The file link redirected to an internal, local or reserved address[ ({host})], which the service never fetches: use a public address, or upload the file to the library.',
  MEDIA_SCHEME_NOT_ALLOWED: 'The file link must be an http or https address[ (this one is {scheme})].',
  MEDIA_TOO_MANY_REDIRECTS: 'The file link redirected too many times[ (more than {max})]: use the file’s final address.',
  MEDIA_FETCH_FAILED: 'Could not get the file[ ({host})][: {reason}]. Check that the link opens in a browser, or try again later.',
  MEDIA_TOO_LARGE: 'The file is too large[: {kind} can be at most {limitMb} MB]. Compress it or choose another file.',
  MEDIA_TOO_SMALL: 'The file is empty or too small[ (at least {min} bytes)]; WeCom does not accept it: choose another file.',
  MEDIA_TYPE_MISMATCH: 'The file’s content does not match its kind: choose another file.',
  'MEDIA_TYPE_MISMATCH.kind':
    'The content[ of this {source}] is not {kind}[ (it is a {actual} file)]: choose another file, or link to the file itself.',
  'MEDIA_TYPE_MISMATCH.name': 'The file is named “{name}”, but its content is a {actual} file: fix the name or choose another file.',
  'MEDIA_TYPE_MISMATCH.unknown':
    'The file is named “{name}”, but its content is not a {format} file (not recognised, e.g. a web page or text).',
  'MEDIA_TYPE_MISMATCH.url':
    'The link’s content is not recognised (perhaps a web page or text): links can only send pdf, Office documents, zip, images and videos; upload other files to the library.',
  // Materials and files
  MATERIAL_NOT_FOUND: 'This material does not exist or was removed: refresh the materials list.',
  FILE_NOT_FOUND: 'The file does not exist or was removed.',
  FILE_MISSING: 'No file arrived: upload one file in the form field “file”.',
  FILE_EMPTY: '[“{name}” ]is an empty file: choose a file with content.',
  FILE_TOO_LARGE: 'The file is too large[: at most {limitMb} MB]. Compress or split it, then upload again.',
  FILE_NAME_INVALID:
    'The file name must not be empty, longer than 128 characters, or hold / \\ or control characters: rename it and upload again.',
  'FILE_NAME_INVALID.bidi':
    'The file name holds hidden characters that change the text direction (such as U+202E), which can disguise the file type: rename it and upload again.',
  FILE_TYPE_UNKNOWN:
    'The type of[ “{name}”] is not recognised. The library takes images[ ({image})], videos[ ({video})] and, to send as files[, {files}].',
  FILE_NAME_MISMATCH:
    'The file name[ “{name}”] does not match its content[: it is a {format} file. Rename it “{suggested}” and upload again].',
  'FILE_NAME_MISMATCH.stored': 'The file name “{name}” does not match its content (a {format} file): end it with .{format}.',
  FILE_KIND_MISMATCH:
    'This file[ ({format}, {sizeMb} MB)] cannot be sent as[ {kind}]: images are png / jpg, videos mp4, both at most 10 MB; choose the “File” type for other files.',
  TOO_MANY_FILES: 'Upload one file at a time.',
  INVALID_MULTIPART: 'The upload form is incomplete or malformed: choose the file and upload again.',
  RANGE_NOT_SATISFIABLE: 'The requested range is outside the file[ ({size} bytes)].',
  // Campaigns
  CAMPAIGN_ALREADY_TRACKED: 'Task[ {taskId}] is in the list already.',
  CAMPAIGN_NOT_TRACKED: 'This campaign is not tracked: ask your admin to add it first.',
  CAMPAIGN_NOT_FOUND: 'WShoto has no such broadcast task: check the task id.',
  // Vendors: each vendor's own codes carry its prefix
  VENDOR_UNAVAILABLE: '[{vendor} ]cannot be reached right now (repeated failures just now). Please try again[ in about {seconds} s].',
  UPSTREAM_TIMEOUT: 'The vendor did not answer in time. Please retry in a moment.',
  UPSTREAM_FAILED: 'The vendor returned an error. Please retry in a moment.',
  VENDOR_TIMEOUT: '[{vendor} ]did not answer in time[ ({op})]. Please retry in a moment.',
  VENDOR_UNREACHABLE: 'Could not connect to[ {vendor}][ ({op})]: ask your admin to check the service’s network and the vendor’s address.',
  'VENDOR_UNREACHABLE.reset': 'The connection to[ {vendor}] broke off[ ({op})]. Please retry in a moment.',
  VENDOR_RATE_LIMITED: '[{vendor} ]limited how often it may be called[ ({op})]. Please retry in a moment.',
  VENDOR_HTTP_ERROR: '[{vendor} ]answered[ HTTP {status}][ ({op})]. Please retry in a moment.',
  VENDOR_BAD_RESPONSE: '[{vendor} ]answered something that could not be read[ ({op})][: {detail}].',
  VENDOR_ERROR: '[{vendor} ]refused the request[ ({op})][: {vendorMessage}][ (code {vendorCode})].',
  WECOM_BUSY: 'WeCom is busy. Please retry in a moment.',
  WECOM_RATE_LIMITED: 'WeCom is being called too often. Please retry in a moment.',
  WECOM_SIGNATURE_INVALID:
    'The JS-SDK signature check failed (40093). Ask your admin to check that PUBLIC_URL matches the sidebar address and that the app Secret is right.',
  WECOM_DOMAIN_NOT_TRUSTED:
    "This page's domain is not a trusted domain of the app (80001). Ask your admin to set it under the app's Web Authorization and JS-SDK settings.",
  WECOM_CREDENTIALS_INVALID: "The WeCom app's credentials are wrong: ask your admin to check WECOM_CORP_ID and WECOM_SECRET.",
  WECOM_IP_NOT_TRUSTED: "The service's outbound IP is not among the app's trusted IPs: ask your admin to add it in WeCom.",
  WECOM_API_FORBIDDEN:
    'The app may not call this WeCom API: ask your admin to add it under Customer Contact → Apps allowed to call the API.',
  WECOM_MEDIA_TYPE_REFUSED: 'WeCom does not accept this file type: images must be jpg / png, videos mp4. Choose another file.',
  WECOM_MEDIA_SIZE_REFUSED: 'WeCom does not accept this file size: images and videos at most 10 MB, files 20 MB, and at least 6 bytes.',
  WECOM_MEDIA_ID_INVALID: 'WeCom’s temporary media expired: send again, and the service uploads it again.',
  WECOM_MEDIA_EMPTY: 'WeCom received no file content (an empty upload): please retry; if it keeps happening, tell your admin.',
  YOUMI_CREDENTIALS_INVALID: "Youmi refused the service's credentials: ask your admin to check the YOUMI_* settings.",
  YOUMI_CLOCK_SKEW: "Youmi says the request expired: ask your admin to check the service's clock.",
  YOUMI_REQUEST_REJECTED: 'Youmi says the request lacks a required item[: {vendorMessage}][ (code {vendorCode})].',
  YOUMI_TARGET_REJECTED:
    'Youmi cannot send to this customer (the friend, group or operator account is in a bad state)[: {vendorMessage}][ (code {vendorCode})].',
  WSHOTO_CREDENTIALS_INVALID: "WShoto refused the app's credentials: ask your admin to check WSHOTO_APP_ID and WSHOTO_APP_SECRET.",
  // The demo
  SIMULATOR_UNREACHABLE: 'The demo’s simulator does not answer: restart the service.',
}

/** Params that are words (`kind: 'image'`), by `name.value`; other params are data and shown as they came. */
export const errorParamWords: Record<string, string> = {
  'vendor.wecom': 'WeCom',
  'vendor.youmi': 'Youmi',
  'vendor.wshoto': 'WShoto',
  'host.wecom': 'WeCom',
  'host.qikeliao': 'Qikeliao',
  'from.wecom': 'WeCom',
  'from.qikeliao': 'Qikeliao',
  'kind.text': 'a text',
  'kind.image': 'an image',
  'kind.video': 'a video',
  'kind.file': 'a file',
  'kind.link': 'a link',
  'kind.miniprogram': 'a mini program',
  'kind.groupShare': 'a group invite',
  'channel.chat': '“Send to chat”',
  'channel.rpa': '“Broadcast”',
  'other.chat': '“Send to chat”',
  'other.rpa': '“Broadcast”',
  'source.url': 'link',
  'source.stored': 'file',
  'reason.timeout': 'it took too long',
  'reason.cert': 'the server’s HTTPS certificate is not valid',
  'reason.refused': 'the server could not be reached',
  'reason.reset': 'the connection broke off',
  'reason.dns': 'the domain was not found',
  'reason.http': 'the server answered an error',
  'reason.noLocation': 'the server redirected without saying where',
}

/** The words of the contracts' own checks (contracts/words.ts), for the sidebar's forms and the proxy's `issues`. */
export const contractTexts: { words: Record<WordKey, string>; fields: Record<Field, string> } = {
  words: {
    empty: '{field} cannot be empty',
    maxWords: '{field} can have at most {max} characters',
    maxChars: '{field} can have at most {max} characters',
    httpUrl: '{field} must be an http(s) link',
    formats: '{field} can only be {formats}',
    maxSize: '{field} cannot be larger than {size}',
    fileId: 'fileId must be the id of a file in the library',
    fileName: 'The file needs a name',
    fileNameChars: 'The file name cannot contain / \\ or control characters',
    fileNameBidi: 'The file name cannot contain hidden characters that change the text direction (such as U+202E)',
    fileEmpty: 'The file cannot be empty',
    fileSource: 'Give the file one source only: a library file (fileId) or a link (url)',
    fileExtension: 'The file name needs an extension, e.g. quote.pdf',
    linkTitle: 'The link needs a title',
    appId: 'A mini program AppID is wx and 16 hexadecimal characters, e.g. wx8bd80126147dfa6e',
    mpPage: 'The mini program needs a page path',
    mpPageHtml: 'The mini program page path must end in .html, e.g. pages/index/index.html',
    roomId: 'A group id looks like 46218981780@chatroom',
    flag: 'A group invite needs a flag',
    msgType: 'msgType is a number, e.g. 6',
    wechatId: 'wechatId is the number of a Youmi operator account',
    wechatIdNegative: 'wechatId cannot be negative',
    folderSlash: 'A folder name cannot contain /',
    maxTags: 'At most {max} tags',
    minContent: 'Send at least one item',
    maxContent: 'At most {max} items in one send',
    oneTarget: 'Send to one customer or one customer group only: give just one of contact, group and friend',
    noTarget: 'Say whom to send to: give contact (a customer), group (a customer group) or friend (a Qikeliao friend)',
  },
  fields: {
    text: 'The text',
    image: 'An image',
    video: 'A video',
    file: 'A file',
    fileUrl: 'The file address',
    fileName: 'The file name',
    linkUrl: 'The link address',
    linkTitle: 'The link title',
    linkDescription: 'The link description',
    thumb: 'The thumbnail',
    mpTitle: 'The mini program title',
    mpPage: 'The mini program page path',
    mpCover: 'The mini program cover',
    roomName: 'The group name',
    flag: 'The flag',
    materialTitle: 'The material title',
    folder: 'The folder name',
    tag: 'A tag',
  },
}

/** `{field}` is the key of what the check is about; other params are data. */
export const contractWords: ContractWords = {
  say: (key, params) =>
    (contractTexts.words[key] ?? key).replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = params?.[name]
      if (value === undefined) return all
      return name === 'field' ? (contractTexts.fields[value as Field] ?? String(value)) : String(value)
    }),
}
