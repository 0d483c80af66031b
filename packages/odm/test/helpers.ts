import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';

/** The server URI for this run (memory server, or MONGODB_URI). */
export function mongoUri(): string {
  return inject('mongoUri');
}

/** A database name unique to the calling test file, so suites never share state. */
export function freshDbName(prefix = 'test'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** The URI with a database path, e.g. `mongodb://127.0.0.1:1234/test_ab12cd34`. */
export function uriFor(dbName: string): string {
  const u = new URL(mongoUri());
  u.pathname = `/${dbName}`;
  return u.toString();
}
