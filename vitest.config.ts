import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Rendering whole documents and driving the real binary take longer than unit tests.
    testTimeout: 30_000,
  },
})
