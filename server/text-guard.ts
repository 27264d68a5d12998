// Text the database cannot store (NUL) or that is not valid Unicode (a lone surrogate half) is refused at the door,
// with a 400, instead of failing deep inside as a 500.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The path of the first string in `value` that cannot be stored as text, or null. */
export function findBadText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path || '(value)' : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], `${path}.${i}`)
      if (bad) return bad
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = findBadText(k, `${path}.${k}`) ?? findBadText(v, `${path}.${k}`)
      if (bad) return bad
    }
  }
  return null
}
