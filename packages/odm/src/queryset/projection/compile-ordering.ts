import type { Document } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import { resolveDbPath, type DocumentClassLike } from '../filter/resolve-db-path.js';

/** The sort key under which `$text_score` ordering sorts by text relevance. */
export const TEXT_SCORE_SORT_KEY = '_text_score';

/**
 * Compiles MongoEngine ordering keys (`'-age'`, `'+name'`, `'address__city'`, `'$text_score'`)
 * to a MongoDB sort document with db paths.
 *
 * @throws {InvalidQueryError} for unknown fields.
 * @example
 * compileOrdering(User, ['-age', 'name', 'address__city']); // { age: -1, name: 1, 'address.city': 1 }
 * compileOrdering(User, ['$text_score']); // { _text_score: { $meta: 'textScore' } }
 */
export function compileOrdering(docClass: DocumentClassLike, keys: readonly string[]): Document {
  const sort: Document = {};
  for (const raw of keys) {
    if (typeof raw !== 'string' || raw.trim() === '')
      throw new InvalidQueryError(`Invalid ordering key ${String(raw)}.`);
    const key = raw.trim();
    if (key === '$text_score') {
      sort[TEXT_SCORE_SORT_KEY] = { $meta: 'textScore' };
      continue;
    }
    const direction = key.startsWith('-') ? -1 : 1;
    const path = key.startsWith('-') || key.startsWith('+') ? key.slice(1) : key;
    const { dbPath } = resolveDbPath(docClass, path);
    Object.defineProperty(sort, dbPath, {
      value: direction,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return sort;
}
