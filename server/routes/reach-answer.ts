import type { FastifyReply } from 'fastify'
import type { ReachAnswer, ReachEncoding } from '../services/reach-answer.js'

export const REACH_CONTENT_TYPE = 'application/json; charset=utf-8'

/**
 * The headers of a reach answer besides the ones every answer carries: what @fastify/compress would set had it
 * compressed the body itself (`Vary` only on a compressed answer), and the length of the stored bytes.
 */
export function reachAnswerHeaders(body: Buffer, encoding: ReachEncoding | undefined): Record<string, string> {
  return encoding
    ? { 'content-type': REACH_CONTENT_TYPE, vary: 'accept-encoding', 'content-encoding': encoding, 'content-length': String(body.length) }
    : { 'content-type': REACH_CONTENT_TYPE, 'content-length': String(body.length) }
}

export function sendReachAnswer(reply: FastifyReply, answer: ReachAnswer, encoding: ReachEncoding | undefined): FastifyReply {
  const body = answer.body(encoding)
  return reply.headers(reachAnswerHeaders(body, encoding)).send(body)
}
