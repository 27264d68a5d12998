import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawServerDefault,
  FastifyBaseLogger,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
} from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { unauthorized } from '../errors.js'
import type { CampaignService } from '../services/campaigns.js'
import type { ContactLinkService } from '../services/contact-links.js'
import type { ContactService } from '../services/contacts.js'
import type { FileRetention } from '../services/file-retention.js'
import type { FriendService } from '../services/friends.js'
import type { DirectoryService } from '../services/directory.js'
import type { GroupService } from '../services/groups.js'
import type { MaterialFileStore } from '../services/material-files.js'
import type { MaterialService } from '../services/materials.js'
import type { QikeliaoEntryService } from '../services/qikeliao/entry-service.js'
import type { SendService } from '../services/sends.js'
import type { SessionUser } from '../services/sessions.js'
import type { SignatureService } from '../services/signatures.js'
import type { SignInService } from '../services/sign-in.js'
import type { MetricsEndpoint } from '../services/status/metrics-endpoint.js'
import type { StatusService } from '../services/status/status-service.js'

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>

/**
 * Everything a route may use; built once in `buildApp`. Services only: no database, no vendor client and no config —
 * what a route needs of those (the cookie's `secure`, admin rights, the demo flag) a service answers.
 */
export interface Services {
  now: () => number
  /** WeCom OAuth, sessions, admin rights and the demo flag. */
  signIn: SignInService
  /** JS-SDK signatures for the sidebar's pages. */
  signatures: SignatureService
  contacts: ContactService
  /** Staff and department names from WeCom, for answers that carry ids. */
  directory: DirectoryService
  contactLinks: ContactLinkService
  groups: GroupService
  sends: SendService
  campaigns: CampaignService
  /** The materials library and its file store (files served at /files/:fileId/:name). */
  materials: MaterialService
  materialFiles: MaterialFileStore
  /** How long a library file lives; orphaned files for admins. */
  fileRetention: FileRetention
  /** 企客聊 friends (the 企客聊 entry stores them, sends reach them through Youmi). */
  friends: FriendService
  /** The 企客聊 sidebar entry: checks a link and names who it signs in. */
  qikeliao: QikeliaoEntryService
  /** Readiness and the admins' 系统状态 (vendors, signatures, PUBLIC_URL, database, instances). */
  status: StatusService
  /** `GET /metrics`: Prometheus text behind METRICS_TOKEN. */
  metrics: MetricsEndpoint
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null
  }
}

/** The signed-in scope's one hook (callback style: it runs on nearly every request, and a promise would be all it costs). */
export function requireSession(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  done(request.user ? undefined : unauthorized('NO_SESSION', '登录已过期，请重新打开侧边栏。'))
}

export function sessionUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized('NO_SESSION', '登录已过期，请重新打开侧边栏。')
  return request.user
}
