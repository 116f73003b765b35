import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 20000,
    // The PHP-named calls block the thread, so each file runs in its own fork.
    pool: 'forks',
    // test/socket_lifecycle.test.ts collects garbage to check the finalizer.
    execArgv: ['--expose-gc'],
    // Fails a file whose tests leave socket descriptors open (after a collection).
    setupFiles: ['test/helpers/descriptor-hook.ts'],
  },
});
