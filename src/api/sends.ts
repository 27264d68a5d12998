import { type CreateSend, Send, SendList, type SendResult, SettleResult, type SettleSend } from '../../contracts/sends.js'
import { call } from './http.js'

export const createSend = (body: CreateSend) => call(Send, { url: '/sends', method: 'POST', data: body })

export const reportSendResult = (id: string, result: SendResult) => call(Send, { url: `/sends/${id}/result`, method: 'POST', data: result })

export const cancelSend = (id: string) => call(Send, { url: `/sends/${id}`, method: 'DELETE' })

/**
 * WeCom refused a media id (40007): the proxy uploads the send's files again and answers the same send with fresh
 * `messages`. Once per send; a second call answers 409 MEDIA_REFRESH_USED.
 */
export const refreshSendMedia = (id: string) => call(Send, { url: `/sends/${id}/media-refresh`, method: 'POST' })

export const listSends = (query: { contact?: string; group?: string; friend?: string; cursor?: string; limit?: number }) =>
  call(SendList, { url: '/sends', params: query })

/** Settles an `unknown` send: `sent`, or `not_sent` with a new key under which the same content goes again. */
export const settleSend = (id: string, body: SettleSend) => call(SettleResult, { url: `/sends/${id}/settle`, method: 'POST', data: body })
