import type { Plugin } from 'vite'

/**
 * axios modules the sidebar never runs, replaced by stubs in the build (≈ 7 KB gzip). axios stays the HTTP client;
 * only code for options and inputs src/api/http.ts never uses is left out:
 * - the fetch adapter: the instance uses the XHR adapter (it works in every WeCom webview), but the adapter table
 *   names fetch, so it was bundled anyway;
 * - the XSRF cookie reader: the proxy sets no XSRF cookie (writes are checked by their origin, docs/security.md);
 * - FormData sent as JSON: uploads send FormData as multipart, never with a JSON content type;
 * - the option validator: it only warns about misspelt or mistyped options of axios's own config, which is fixed here;
 * - toFormData's nesting: it turns query params (and an object sent as multipart or urlencoded) into pairs, with
 *   brackets for nested objects and arrays, metadata suffixes, Blobs and Buffers. The sidebar's params are flat
 *   (strings and numbers) and its bodies JSON or a FormData, so the stub serializes flat values exactly as axios does
 *   and refuses anything nested rather than sending it differently (scripts/axios-trim.test.ts compares the two).
 */
export const AXIOS_STUBS: Record<string, string> = {
  'adapters/fetch.js': 'export const getFetch = () => false\nexport default false\n',
  'helpers/cookies.js':
    'export default { write() {}, read() { return null }, readAsync() { return Promise.resolve(null) }, remove() {} }\n',
  'helpers/formDataToJSON.js':
    "export default () => { throw new Error('axios: FormData as JSON is left out of this build (scripts/axios-trim.ts)') }\n",
  'helpers/toFormData.js': `export default function toFormData(obj, formData) {
  if (obj === null || typeof obj !== 'object') throw new TypeError('target must be an object')
  formData = formData || new FormData()
  for (const key of Object.keys(obj)) {
    const value = obj[key]
    if (value === undefined || value === null) continue
    if (typeof value === 'object' && !(value instanceof Date))
      throw new TypeError('axios: nested params and form bodies are left out of this build (scripts/axios-trim.ts)')
    formData.append(key.trim(), value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? String(value) : value)
  }
  return formData
}
`,
  'helpers/validator.js':
    'const any = () => () => true\nexport default { assertOptions() {}, validators: { transitional: any, spelling: any, boolean: any, function: any, string: any, number: any, object: any } }\n',
}

export function axiosStubs(): Plugin {
  return {
    name: 'axios-stubs',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      const file = axiosFile(id)
      return file ? AXIOS_STUBS[file] : undefined
    },
    transform(code, id) {
      const file = axiosFile(id)
      const out = file && !AXIOS_STUBS[file] ? axiosUtilsByName(file, code) : undefined
      // Lines are only appended or edited in place: the original positions still hold (map: null keeps them).
      return out === undefined ? undefined : { code: out, map: null }
    },
  }
}

/** What the build makes of one of axios's modules (`file` relative to axios/lib): a stub, a rewrite, or undefined. */
export function trimAxiosModule(file: string, code: string): string | undefined {
  return AXIOS_STUBS[file] ?? axiosUtilsByName(file, code)
}

const axiosFile = (id: string) => /node_modules\/axios\/lib\/(.+)$/.exec(id.split('?')[0]!)?.[1]

/**
 * axios's helpers (lib/utils.js) are one default-exported object of ≈ 60 functions, which a bundler keeps whole
 * (≈ 3.4 KB gzip). Exported by name as well, and imported as a namespace by axios's other modules, only the helpers
 * those modules call stay. (toFormData, which copied every `is…` helper off that object for a custom `visitor`, is a
 * stub: AXIOS_STUBS.)
 */
export function axiosUtilsByName(file: string, code: string): string | undefined {
  if (file === 'utils.js') {
    const body = /\nexport default \{([^}]*)\};?\s*$/.exec(code)
    if (!body) throw new Error('axios-stubs: lib/utils.js no longer ends with its helpers object; update scripts/axios-trim.ts')
    const names = body[1]!
      .replace(/\/\/.*$/gm, '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [key, value] = entry.split(':').map((x) => x.trim())
        return value ? `${value} as ${key}` : key!
      })
    return `${code}\nexport { ${names.join(', ')} };\n`
  }
  const out = code.replace(/import utils from '((?:\.\.?\/)+)utils\.js';/, "import * as utils from '$1utils.js';")
  return out === code ? undefined : out
}
