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
import type { AppConfig } from '../config.js'
import { forbidden, unauthorized } from '../errors.js'
import type { CampaignService } from '../services/campaigns.js'
import type { ContactService } from '../services/contacts.js'
import type { FriendService } from '../services/friends.js'
import type { GroupService } from '../services/groups.js'
import type { MaterialFileStore } from '../services/material-files.js'
import type { MaterialService } from '../services/materials.js'
import type { SendService } from '../services/sends.js'
import type { SessionService, SessionUser } from '../services/sessions.js'
import type { Db } from '../store/db.js'
import type { WecomClient } from '../upstream/wecom/client.js'

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>

/** Everything a route may use; built once in `buildApp`. */
export interface Services {
  config: AppConfig
  db: Db
  now: () => number
  sessions: SessionService
  wecom: WecomClient
  contacts: ContactService
  groups: GroupService
  sends: SendService
  campaigns: CampaignService
  /** The materials library and its file store (files served at /files/:fileId/:name). */
  materials: MaterialService
  materialFiles: MaterialFileStore
  /** 企客聊 friends (server/routes/qikeliao.ts stores them, sends reach them through Youmi). */
  friends: FriendService
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null
  }
}

export async function requireSession(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.user) throw unauthorized('NO_SESSION', '登录已过期，请重新打开侧边栏。')
}

export function sessionUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized('NO_SESSION', '登录已过期，请重新打开侧边栏。')
  return request.user
}

export function adminOnly(config: AppConfig) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = sessionUser(request)
    // ADMIN_USER_IDS names WeCom userids: a 企客聊 user name that happens to read the same is another system's account.
    if (user.host === 'qikeliao' || !config.adminUserIds.includes(user.userId)) {
      throw forbidden('ADMIN_ONLY', '只有管理员可以这样做：请联系管理员（ADMIN_USER_IDS），并从企业微信里打开。')
    }
  }
}
