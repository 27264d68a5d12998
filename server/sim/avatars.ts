import type { FastifyInstance, FastifyRequest } from 'fastify'
import { demoContacts, demoStaff } from './demo-data.js'

const PALETTE = ['#3370ff', '#07c160', '#fa9d3b', '#f25c54', '#7b61ff', '#00a4c7', '#e55fa8', '#5b8c00']

function colourFor(id: string): string {
  let h = 0
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)!) >>> 0
  return PALETTE[h % PALETTE.length]!
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A coloured circle with the person's first character; also inlined by the OAuth page. */
export function avatarSvg(id: string, name: string, size = 96): string {
  const initial = escapeXml(Array.from(name)[0] ?? '?')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 96 96" role="img" aria-label="${escapeXml(name)}">` +
    `<circle cx="48" cy="48" r="48" fill="${colourFor(id)}"/>` +
    `<text x="48" y="48" dy="0.35em" text-anchor="middle" font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif" font-size="42" fill="#fff">${initial}</text>` +
    `</svg>`
  )
}

function nameOf(id: string): string | undefined {
  return demoContacts.find((c) => c.externalUserId === id)?.name ?? demoStaff.find((s) => s.userId === id)?.name
}

/** The simulator's own base URL as the caller reached it; avatar URLs must follow the ephemeral port. */
export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

export function avatarRoutes(app: FastifyInstance): void {
  app.get<{ Params: { file: string } }>('/sim-assets/avatar/:file', async (request, reply) => {
    const match = /^(.+)\.svg$/.exec(request.params.file)
    const name = match ? nameOf(match[1]!) : undefined
    if (!match || !name) return reply.code(404).type('text/plain; charset=utf-8').send('not found')
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=86400').send(avatarSvg(match[1]!, name))
  })
}
