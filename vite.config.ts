import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { ModuleInfo } from 'rolldown'
import { defineConfig, type Plugin } from 'vite'
import { axiosStubs } from './scripts/axios-trim.js'
import { precompressDir } from './scripts/precompress.js'
import { vantWords } from './scripts/vant-words.js'
import { vueDomSplit } from './scripts/vue-dom-split.js'

export default defineConfig({
  plugins: [
    vue(),
    // Vant components and their CSS come in on demand: only what a template uses reaches the bundle.
    Components({ dirs: [], resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
    vantIconFontAsFile(),
    axiosStubs(),
    vantWords(),
    vueDomSplit(),
    deployGuide(),
    precompressed(),
  ],
  define: {
    // Every component (ours, Vant's, the router's) is written with setup(): the Options API is dead weight.
    __VUE_OPTIONS_API__: 'false',
    // The sidebar's version, for the error report staff copy (src/errors.ts).
    __APP_VERSION__: JSON.stringify((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version),
  },
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
    // Everything the first paint needs in one file: one request instead of nine, and one compression window
    // (≈ 2 KB less gzip than the same code split into the shared chunks the lazy views also import).
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: firstLoadChunk, debugName: 'first-load', priority: 1 }] } } },
  },
  server: {
    // `npm run dev` runs the proxy on 8080; the Vite dev server forwards the API and the simulator's pages to it.
    proxy: { '/api': 'http://127.0.0.1:8080', '/sim': 'http://127.0.0.1:8080' },
  },
})

/**
 * Names the chunk of every module the entry reaches through static imports (the first load); others stay where the
 * bundler puts them. A module a lazy view shares with the first load is in the first load anyway: it is imported from
 * this one chunk instead of a shared chunk of its own.
 */
function firstLoadChunk(id: string, ctx: { getModuleInfo(id: string): ModuleInfo | null }): string | null {
  const seen = new Map<string, boolean>()
  const reached = (m: string): boolean => {
    const known = seen.get(m)
    if (known !== undefined) return known
    seen.set(m, false) // an import cycle does not reach the entry by itself
    const info = ctx.getModuleInfo(m)
    // Vant's barrel re-exports every component; the auto-import resolver imports through it, so it reaches the
    // entry and would pull in every Vant component a lazy view uses. What the first load uses is reached otherwise
    // or left to the bundler.
    const yes =
      !!info &&
      !/[\\/]vant[\\/]es[\\/]index\.mjs$/.test(m) &&
      ((info.isEntry && !info.dynamicImporters.length) || info.importers.some(reached))
    seen.set(m, yes)
    return yes
  }
  return reached(id) ? 'index' : null
}

/** Brotli and gzip copies beside every text asset and index.html, served by Accept-Encoding (server/app.ts). */
function precompressed(): Plugin {
  let outDir = 'dist/client'
  return {
    name: 'precompressed',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const t = precompressDir(outDir)
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
      console.log(`precompressed ${t.files} files: ${kb(t.bytes)} → brotli ${kb(t.brotli)}, gzip ${kb(t.gzip)}`)
    },
  }
}

/** Ships docs/deploy.md with the app: the setup page links it for admins who open the sidebar in a plain browser. */
function deployGuide(): Plugin {
  return {
    name: 'deploy-guide',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'docs/deploy.md', source: readFileSync('docs/deploy.md', 'utf8') })
    },
  }
}

/**
 * Vant's icon stylesheet inlines its whole icon font as base64 (≈ 25 KB gzip of CSS on every first load). Served as
 * its own woff2 file it is fetched only when an icon is drawn, and cached apart from the CSS. The font's second
 * source, a CDN woff, is dropped: the sidebar loads nothing from third parties.
 */
function vantIconFontAsFile(): Plugin {
  const cached = 'node_modules/.cache/vant-icon/vant-icon.woff2'
  return {
    name: 'vant-icon-font-as-file',
    enforce: 'pre',
    transform(code, id) {
      if (!/vant\/es\/icon\/index\.css$/.test(id.split('?')[0]!)) return
      const inline =
        /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)(,url\([^)]*\) format\("woff"\))?/.exec(code)
      if (!inline) this.error('vant-icon-font-as-file: the icon font is no longer inlined as expected; update this plugin')
      const file = resolve(cached)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, Buffer.from(inline[1]!, 'base64'))
      return code.replace(inline[0], `url("/${cached}") format("woff2")`)
    },
  }
}
