import { type CreateSend, Send, SendList } from '../../contracts/sends.js'
import { call } from './http.js'

export const createSend = (body: CreateSend) => call(Send, { url: '/sends', method: 'POST', data: body })

export const reportSendResult = (id: string, result: { ok: boolean; errMsg?: string }) =>
  call(Send, { url: `/sends/${id}/result`, method: 'POST', data: result })

export const cancelSend = (id: string) => call(Send, { url: `/sends/${id}`, method: 'DELETE' })

export const listSends = (query: { contact?: string; group?: string; cursor?: string; limit?: number }) =>
  call(SendList, { url: '/sends', params: query })
