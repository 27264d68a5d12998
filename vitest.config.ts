import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{server,contracts,src,test}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
