import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import { precompressDir } from './scripts/precompress.js'

export default defineConfig({
  plugins: [
    vue(),
    // Vant components and their CSS come in on demand: only what a template uses reaches the bundle.
    Components({ dirs: [], resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
    vantIconFontAsFile(),
    axiosWithoutFetchAdapter(),
    deployGuide(),
    precompressed(),
  ],
  define: {
    // Every component (ours, Vant's, the router's) is written with setup(): the Options API is dead weight.
    __VUE_OPTIONS_API__: 'false',
    // The sidebar's version, for the error report staff copy (src/errors.ts).
    __APP_VERSION__: JSON.stringify((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version),
  },
  build: { outDir: 'dist/client', emptyOutDir: true, target: 'es2020', reportCompressedSize: false },
  server: {
    // `npm run dev` runs the proxy on 8080; the Vite dev server forwards the API and the simulator's pages to it.
    proxy: { '/api': 'http://127.0.0.1:8080', '/sim': 'http://127.0.0.1:8080' },
  },
})

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

/**
 * The sidebar's axios instance uses the XHR adapter (src/api/http.ts). axios still bundles its fetch adapter
 * (≈ 5 KB gzip) because the adapter table names it; this leaves a stub in its place that says it is unavailable.
 */
function axiosWithoutFetchAdapter(): Plugin {
  return {
    name: 'axios-without-fetch-adapter',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      if (!/node_modules\/axios\/lib\/adapters\/fetch\.js$/.test(id.split('?')[0]!)) return
      return 'export const getFetch = () => false\nexport default false\n'
    },
  }
}
