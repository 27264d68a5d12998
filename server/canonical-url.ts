/**
 * The one spelling of a request's path that every decision sees. The router (find-my-way) decodes percent-encoded
 * characters and strips an absolute-form target (`GET http://host/api/… HTTP/1.1`) before matching, so `/%61pi/…` and
 * `http://x/api/…` reach `/api/…` routes while a hook that reads the raw URL sees something else: no rate limit, the
 * whole query in the log. `buildApp` hands this function to Fastify's `rewriteUrl`, which runs before routing, so the
 * router, every hook and the log all see the same canonical URL. Equivalent spellings (RFC 3986 §6.2.2) become one:
 *
 * - an absolute-form target loses its scheme and authority (`http://x/api/health` → `/api/health`);
 * - percent-encoded unreserved characters are decoded (`%61` → `a`, `%2E` → `.`, `%7E` → `~`); other escapes, `%2F`
 *   above all, stay as they are, since decoding them would change the path's segments;
 * - repeated slashes become one (`/api//health` → `/api/health`);
 * - dot segments are resolved (`/api/x/../health`, `/api/./health` → `/api/health`), never above the root.
 *
 * The query string is left exactly as sent.
 */
export function canonicalUrl(url: string): string {
  let target = url
  // An absolute-form target never starts with a slash: the usual request is spared the pattern.
  const absolute = target.startsWith('/') ? null : /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target)
  if (absolute) {
    target = target.slice(absolute[0].length)
    if (!target.startsWith('/')) target = `/${target}`
  }
  // `*` (OPTIONS *) and anything else that is not a path match no route: left alone.
  if (!target.startsWith('/')) return target
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  const query = q === -1 ? '' : target.slice(q)
  const canonical = canonicalPath(path)
  return canonical === path && target === url ? url : `${canonical}${query}`
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/

function canonicalPath(path: string): string {
  // Nearly every request: no escape, no empty segment, no segment that starts with a dot — already canonical.
  if (!path.includes('%') && !path.includes('//') && !path.includes('/.')) return path
  const decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16))
    return UNRESERVED.test(char) ? char : escape
  })
  const segments = decoded
    .replace(/\/{2,}/g, '/')
    .split('/')
    .slice(1)
  const out: string[] = []
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop()
      // `/a/b/..` names the folder `/a/`: keep its trailing slash.
      if (last) out.push('')
      return
    }
    out.push(segment)
  })
  return `/${out.join('/')}`
}
