import { z } from 'zod'
import { Contact, ContactLinksImport, ContactLinksResult, ContactParams } from '../../contracts/contacts.js'
import { csvToRows, importContactLinks } from '../services/contact-links.js'
import { adminOnly, requireSession, sessionUser, type App, type Services } from './context.js'

export async function contactRoutes(app: App, s: Services): Promise<void> {
  app.get(
    '/api/contacts/:externalUserId',
    { onRequest: requireSession, schema: { params: ContactParams, response: { 200: Contact } } },
    async (request) => s.contacts.get(sessionUser(request).userId, request.params.externalUserId),
  )

  // CSV arrives as text; JSON as the array of rows. Both go through the same row validation.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body))
  app.put(
    '/api/admin/contact-links',
    {
      onRequest: [requireSession, adminOnly(s.config)],
      bodyLimit: 5 * 1024 * 1024,
      schema: { body: z.union([ContactLinksImport, z.string().max(5 * 1024 * 1024)]), response: { 200: ContactLinksResult } },
    },
    async (request) => {
      const rows = typeof request.body === 'string' ? csvToRows(request.body) : request.body
      return importContactLinks(s.db, rows, new Date(s.now()))
    },
  )
}
