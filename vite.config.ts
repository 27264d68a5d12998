import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [vue()],
  build: { outDir: 'dist/client', emptyOutDir: true, target: 'es2020' },
  server: {
    // `npm run dev` runs the proxy on 8080; the Vite dev server forwards the API and the simulator's pages to it.
    proxy: { '/api': 'http://127.0.0.1:8080', '/sim': 'http://127.0.0.1:8080' },
  },
})
