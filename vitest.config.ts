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
        test: {
          name: 'proxy',
          include: ['{server,contracts,scripts}/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Chromium against the real built app and the real proxy process in demo mode (test/e2e/harness.ts).
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [vue(), Components({ dirs: [], resolvers: [VantResolver({ importStyle: false })], dts: false })],
        test: {
          name: 'sidebar',
          include: ['src/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['src/test-setup.ts'],
          testTimeout: 10_000,
        },
      },
    ],
  },
})
