import { defaultClientConditions, defaultServerConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** The export condition under which the workspace packages point at their TypeScript sources. */
const SOURCE_CONDITION = '@mongoengine-ts/source';

/**
 * Tests run the sources, never `dist` (see docs/packaging.md). Setting `resolve.conditions` alone
 * reaches only Vite's client environment: the `ssr` environment the tests run in and the one that
 * loads `globalSetup` keep their own lists, so the condition is put in front of every
 * environment's list here (which also passes `--conditions` to the test workers).
 */
const sourceCondition: Plugin = {
  name: 'workspace-source-condition',
  configEnvironment(name, config) {
    const consumer = config.consumer ?? (name === 'client' ? 'client' : 'server');
    const base =
      config.resolve?.conditions ??
      (consumer === 'client' ? defaultClientConditions : defaultServerConditions);
    config.resolve ??= {};
    if (!base.includes(SOURCE_CONDITION)) config.resolve.conditions = [SOURCE_CONDITION, ...base];
  },
};

export default defineConfig({
  // Inline projects see root-level plugins only with `extends: true`.
  plugins: [sourceCondition],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'memory-server',
          root: 'packages/memory-server',
          include: ['test/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'odm',
          root: 'packages/odm',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: '../../tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'examples',
          root: 'examples',
          include: ['**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
