// Text the database cannot store (NUL) or that is not valid Unicode (a lone surrogate half) is refused at the door,
// with a 400, instead of failing deep inside as a 500.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

interface Node {
  value: unknown
  /** The step from the parent (a key or an index), and the parent: a path is only spelled out when one is bad. */
  step: string
  parent: Node | null
}

/**
 * The path of the first string in `value` that cannot be stored as text, or null. It walks with its own stack, not
 * by recursion: a JSON body nested 100,000 deep fits in the body limit and must be a 400, never a stack overflow.
 */
export function findBadText(value: unknown, path = ''): string | null {
  const stack: Node[] = [{ value, step: path, parent: null }]
  while (stack.length) {
    const node = stack.pop()!
    const v = node.value
    if (typeof v === 'string') {
      if (v.includes('\u0000') || LONE_SURROGATE.test(v)) return pathOf(node) || '(value)'
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], step: `.${i}`, parent: node })
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!
        // The key is judged before its value, as the path names both.
        stack.push({ value: x, step: `.${k}`, parent: node }, { value: k, step: `.${k}`, parent: node })
      }
    }
  }
  return null
}

function pathOf(node: Node): string {
  const steps: string[] = []
  for (let n: Node | null = node; n; n = n.parent) steps.push(n.step)
  return steps.reverse().join('')
}
