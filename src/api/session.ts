import { Session } from '../../contracts/session.js'

export class NotSignedInError extends Error {}

/** Who is signed in; every answer is held to the contract before the app trusts it. */
export async function fetchSession(): Promise<Session> {
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } })
  if (res.status === 401) throw new NotSignedInError()
  if (!res.ok) throw new Error(`GET /api/session answered ${res.status}`)
  return Session.parse(await res.json())
}

export function loginUrl(returnTo: string): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`
}
