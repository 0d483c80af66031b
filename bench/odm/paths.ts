/**
 * The repository root (with a trailing slash), also from a bundled copy of the benchmark that
 * runs from `node_modules/.cache` (the launcher passes it in the environment).
 *
 * @example
 * `${REPO_ROOT}docs/benchmarks.md`;
 */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT: string =
  process.env['MONGOENGINE_TS_BENCH_ROOT'] ?? fileURLToPath(new URL('../../', import.meta.url));
