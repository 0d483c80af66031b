import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSpecJson } from './spec-values.js';
import type { LoadedSpecFile, SpecFile } from './spec-types.js';

/** The spec-test areas the runner knows, in report order. */
export const AREAS = [
  'crud',
  'index-management',
  'collection-management',
  'gridfs',
  'sessions',
  'transactions',
  'transactions-convenient-api',
] as const;

/**
 * Why a schema version cannot be run, or `undefined` when it can: the major version must be 1;
 * later 1.x minors are run anyway (they only add features, and any unsupported operation or
 * entity option is skipped per test with its own reason).
 *
 * @example
 * schemaVersionProblem('2.0'); // 'schema version 2.0 not supported (runner supports 1.x)'
 */
export function schemaVersionProblem(version: string): string | undefined {
  const major = version.split('.')[0];
  return major === '1' ? undefined : `schema version ${version} not supported (runner supports 1.x)`;
}

/**
 * Loads every `*.json` spec file of the given areas, sorted by name; areas without a folder yield
 * nothing.
 *
 * @example
 * const files = await loadSpecFiles('../shared/spec-tests', ['crud']);
 */
export async function loadSpecFiles(specDir: string, areas: readonly string[]): Promise<LoadedSpecFile[]> {
  const out: LoadedSpecFile[] = [];
  for (const area of areas) {
    let names: string[];
    try {
      names = (await readdir(join(specDir, area))).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const fileName of names) {
      const text = await readFile(join(specDir, area, fileName), 'utf8');
      out.push({ area, fileName, spec: parseSpecJson(text) as SpecFile });
    }
  }
  return out;
}
