/**
 * Writes the demo media files into server/demo-media/ (committed; the demo seed stores them in the materials
 * library). Run after changing anything in this folder: `npx tsx scripts/demo-media/generate.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { demoMediaFiles } from './index.js'

export const DEMO_MEDIA_DIR = resolve(import.meta.dirname, '../../server/demo-media')

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  mkdirSync(DEMO_MEDIA_DIR, { recursive: true })
  for (const { file, bytes } of demoMediaFiles()) {
    writeFileSync(join(DEMO_MEDIA_DIR, file), bytes)
    console.info(`${file.padEnd(22)} ${(bytes.length / 1024).toFixed(1)} KB`)
  }
}
