import { z } from 'zod'
import { Contact, ContactLinksImport, ContactLinksResult, ContactParams } from '../../contracts/contacts.js'
import { sessionUser, type App, type Services } from './context.js'
import { adminScope } from './scopes.js'

/** Signed in: a customer as the sidebar shows it; admins import customers' Youmi identities. */
export async function contactRoutes(scope: App, s: Services): Promise<void> {
  scope.get('/api/contacts/:externalUserId', { schema: { params: ContactParams, response: { 200: Contact } } }, async (request) =>
    s.contacts.get(sessionUser(request).userId, request.params.externalUserId),
  )

  await adminScope(scope, s.signIn, async (admin) => {
    // CSV arrives as text; JSON as the array of rows. Both go through the same row validation.
    admin.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body))
    admin.put(
      '/api/admin/contact-links',
      {
        bodyLimit: 5 * 1024 * 1024,
        schema: { body: z.union([ContactLinksImport, z.string().max(5 * 1024 * 1024)]), response: { 200: ContactLinksResult } },
      },
      async (request) => s.contactLinks.import(request.body),
    )
  })
}
