import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        test: { name: 'proxy', include: ['{server,contracts,test,scripts}/**/*.test.ts'], environment: 'node', testTimeout: 20_000, hookTimeout: 60_000 },
      },
      {
        plugins: [vue(), Components({ dirs: [], resolvers: [VantResolver({ importStyle: false })], dts: false })],
        test: { name: 'sidebar', include: ['src/**/*.test.ts'], environment: 'happy-dom', testTimeout: 10_000 },
      },
    ],
  },
})
