/**
 * WeCom temporary media as the playground sees it. At WeCom only the chat client can tell whether a media id still
 * works (sendChatMessage fails with 40007); the playground's fake client asks here instead, and shows the bytes.
 * Not a vendor API: not recorded, never faulted.
 */
import type { FastifyInstance } from 'fastify'
import type { SimContext } from './context.js'
import type { SimState, UploadedMedia } from './state.js'

/** The bytes of recent uploads are kept for display up to this much in all; older ones lose theirs first. */
export const MEDIA_BYTES_KEPT = 200 * 1024 * 1024

export type MediaStatus = 'valid' | 'unknown' | 'revoked' | 'expired'

export function mediaStatus(media: UploadedMedia | undefined, now: number): MediaStatus {
  if (!media) return 'unknown'
  if (media.revoked) return 'revoked'
  return now >= media.expiresAt ? 'expired' : 'valid'
}

/** Keeps a new upload's bytes and drops the oldest ones past the budget. */
export function keepMediaBytes(state: SimState, media: UploadedMedia, bytes: Buffer, budget = MEDIA_BYTES_KEPT): void {
  media.bytes = bytes
  let kept = 0
  for (let i = state.wecom.media.length - 1; i >= 0; i--) {
    const m = state.wecom.media[i]!
    if (!m.bytes) continue
    kept += m.bytes.length
    if (kept > budget && m !== media) m.bytes = undefined
  }
}

const INLINE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', mp4: 'video/mp4' }

function contentTypeOf(m: UploadedMedia): string | undefined {
  if (m.type === 'file') return undefined
  return INLINE_TYPES[m.filename.split('.').pop()?.toLowerCase() ?? '']
}

export function mediaPages(ctx: SimContext) {
  const { state, now } = ctx
  const find = (id: string) => state.wecom.media.find((m) => m.mediaId === id)

  return async function pages(app: FastifyInstance) {
    // WeCom's own envelope: errcode 0 for a usable id, 40007 (invalid media_id) for one sendChatMessage would refuse.
    app.get<{ Params: { mediaId: string } }>('/wecom/media/:mediaId', async (request) => {
      const { mediaId } = request.params
      const m = find(mediaId)
      const status = mediaStatus(m, now())
      const valid = status === 'valid'
      return {
        errcode: valid ? 0 : 40007,
        errmsg: valid ? 'ok' : 'invalid media_id',
        mediaId,
        valid,
        status,
        ...(m
          ? {
              type: m.type,
              filename: m.filename,
              size: m.size,
              createdAt: m.createdAt,
              expiresAt: m.expiresAt,
              ...(valid && m.bytes
                ? { contentUrl: `${ctx.publicBaseUrl(request)}/wecom/media/${encodeURIComponent(mediaId)}/content` }
                : {}),
            }
          : {}),
      }
    })

    // Images and videos inline; a file only as a download, whatever its name says (it could be HTML).
    app.get<{ Params: { mediaId: string } }>('/wecom/media/:mediaId/content', async (request, reply) => {
      const m = find(request.params.mediaId)
      if (!m || mediaStatus(m, now()) !== 'valid' || !m.bytes) {
        return reply.code(404).send({ errcode: 40007, errmsg: 'invalid media_id' })
      }
      reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
      const inline = contentTypeOf(m)
      if (inline) return reply.type(inline).send(m.bytes)
      reply.header('content-disposition', `attachment; filename="media"; filename*=UTF-8''${encodeURIComponent(m.filename)}`)
      return reply.type('application/octet-stream').send(m.bytes)
    })
  }
}
