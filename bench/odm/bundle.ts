/**
 * Runs the benchmark on the ODM as it ships, not as tsx serves it. tsx compiles with esbuild's
 * `keepNames`, which wraps every function it creates in `__name(fn, 'name')` — an
 * `Object.defineProperty` per closure that also makes each closure ~250 bytes bigger (measured:
 * 4 closures 369 B, with `__name` 1,393 B). The published build (tsup) does not do that, and
 * Mongoose, plain JavaScript, never pays it. So `main.ts` first bundles itself and `heap.ts`
 * (and `breakdown.ts`) with `keepNames: false` (dependencies stay external) and re-runs the
 * bundle.
 *
 * @example
 * const exitCode = await runBundled(process.argv.slice(2)); // undefined when already bundled
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { REPO_ROOT } from './paths.js';

/** Set in the environment of the bundled run. */
export const BUNDLED_ENV = 'MONGOENGINE_TS_BENCH_BUNDLED';

/** Where the bundles go: inside the repository, so `mongodb` and `mongoose` resolve from it. */
const OUT_DIR = `${REPO_ROOT}node_modules/.cache/mongoengine-ts-bench`;

/** True in the bundled re-run (and in its children). */
export function isBundled(): boolean {
  return process.env[BUNDLED_ENV] === '1';
}

/** The script to run for `name` (`'heap'`): the bundle in a bundled run, else the TypeScript source. */
export function benchScript(name: string): string {
  return isBundled() ? `${OUT_DIR}/${name}.mjs` : `${REPO_ROOT}bench/odm/${name}.ts`;
}

/**
 * Bundles the benchmark and runs it in a child Node process with `args`; resolves to its exit
 * code.
 */
export async function runBundled(args: readonly string[]): Promise<number> {
  const { build } = await import('esbuild');
  mkdirSync(OUT_DIR, { recursive: true });
  await build({
    entryPoints: {
      main: `${REPO_ROOT}bench/odm/main.ts`,
      heap: `${REPO_ROOT}bench/odm/heap.ts`,
      breakdown: `${REPO_ROOT}bench/odm/breakdown.ts`,
    },
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    keepNames: false,
    conditions: ['@mongoengine-ts/source'],
    logLevel: 'warning',
  });
  const child = spawn(process.execPath, [`${OUT_DIR}/main.mjs`, ...args], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, [BUNDLED_ENV]: '1', MONGOENGINE_TS_BENCH_ROOT: REPO_ROOT },
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return code ?? 1;
}
