import type { Collection } from './collection.js';
import { indexPathValues } from './index-keys.js';

/**
 * The `_id` keys of documents a TTL pass deletes: those whose TTL-indexed field holds a date (the
 * earliest, for an array) older than `expireAfterSeconds` before `now`. Capped collections and
 * compound indexes are not TTL-reaped, as in MongoDB.
 *
 * @example
 * ```ts
 * expiredIds(collection, Date.now()); // ['…canonical _id…']
 * ```
 */
export function expiredIds(collection: Collection, now: number): string[] {
  if (collection.capped) return [];
  const expired = new Set<string>();
  for (const index of collection.secondaryIndexes()) {
    const ttl = index.definition.expireAfterSeconds;
    const field = index.definition.fields[0];
    if (ttl === undefined || field === undefined || index.definition.fields.length !== 1) continue;
    for (const [idKey, record] of collection.records) {
      const dates = indexPathValues(record.doc, field).filter(
        (value): value is Date => value instanceof Date,
      );
      if (dates.length === 0) continue;
      const earliest = Math.min(...dates.map((date) => date.getTime()));
      if (earliest + ttl * 1000 <= now) expired.add(idKey);
    }
  }
  return [...expired];
}
