import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCycles, importsOf, sourceFiles } from './check-cycles.js'

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cycles-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

function cyclesIn(dir: string): string[][] {
  const files = sourceFiles(dir)
  return findCycles(new Map(files.map((f) => [f, importsOf(f)]))).map((c) => c.map((f) => f.slice(dir.length + 1)))
}

describe('check-cycles', () => {
  it('finds a cycle through .js specifiers of .ts files, type-only and multi-line imports included', () => {
    const dir = tree({
      'a.ts': "import { b } from './b.js'\nexport const a = b",
      'b.ts': "import type {\n  C,\n} from './sub/c.js'\nexport const b = 1",
      'sub/c.ts': "export { a } from '../a.js'\nexport type C = number",
    })
    expect(cyclesIn(dir)).toEqual([['a.ts', 'b.ts', 'sub/c.ts']])
  })

  it('reads the script of a .vue file and ignores dynamic imports, packages and tests', () => {
    const dir = tree({
      'View.vue': '<template><p/></template>\n<script setup lang="ts">\nimport { s } from \'./store.js\'\n</script>',
      'store.ts': "import 'vue'\nexport const s = () => import('./View.vue')",
      'store.test.ts': "import './View.vue'",
    })
    expect(cyclesIn(dir)).toEqual([])
  })

  it('finds a Vue component importing a module that imports it back', () => {
    const dir = tree({
      'View.vue': '<script setup lang="ts">\nimport { s } from \'./store\'\n</script>',
      'store.ts': "import View from './View.vue'\nexport const s = View",
    })
    expect(cyclesIn(dir)).toEqual([['View.vue', 'store.ts']])
  })
})
