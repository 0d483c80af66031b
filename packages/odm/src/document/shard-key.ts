import type { ClassInfo } from './class-info.js';
import { readPath } from './delta.js';
import { stableKey } from './ejson.js';
import { resolveDottedPath } from './resolve-path.js';

/**
 * The stored values of a class's shard key (db path → value) read from a stored form, or
 * undefined when the class has no shard key. Used in the filter of every write to the document.
 *
 * @example
 * shardValues(classInfo(Log), { _id: id, region: 'eu' }); // { region: 'eu' }
 */
export function shardValues(
  info: ClassInfo,
  son: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (info.meta.shardKey.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const path of info.meta.shardKey) {
    const db = resolveDottedPath(info, path).dbPath;
    out[db] = readPath(son, db) ?? null;
  }
  return out;
}

/**
 * The first shard-key path whose value in `son` differs from the stored snapshot, or undefined.
 *
 * @example
 * changedShardPath(info, { region: 'eu' }, { region: 'us' }); // 'region'
 */
export function changedShardPath(
  info: ClassInfo,
  stored: Record<string, unknown>,
  son: Record<string, unknown>,
): string | undefined {
  const now = shardValues(info, son) ?? {};
  for (const [path, value] of Object.entries(stored)) {
    if (stableKey(now[path] ?? null) !== stableKey(value ?? null)) return path;
  }
  return undefined;
}
