import { resolve } from 'node:path'
import type { Plugin } from 'vite'

/**
 * Puts src/i18n/vant-zh-CN.ts (the Chinese words of the Vant components this app uses) in place of Vant's full zh-CN
 * table, which Vant's locale module imports as its default and so always lands in the first load.
 */
export function vantWords(): Plugin {
  const table = resolve(import.meta.dirname, '../src/i18n/vant-zh-CN.ts')
  return {
    name: 'vant-words',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      return /node_modules[\\/]vant[\\/]es[\\/]locale[\\/]lang[\\/]zh-CN\.mjs$/.test(id.split('?')[0]!)
        ? `export { default } from ${JSON.stringify(table)}\n`
        : undefined
    },
  }
}
