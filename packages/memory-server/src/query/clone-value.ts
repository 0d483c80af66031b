import { Binary, Code, DBRef } from 'bson';
import type { Doc } from '../bson.js';
import { bsontype } from './bson-types.js';

/**
 * A deep copy that keeps BSON classes; immutable BSON values (numbers, ObjectId, Timestamp,
 * regexes, MinKey/MaxKey) are shared, mutable ones (Binary, Date, DBRef, Code scopes) copied.
 *
 * @example
 * ```ts
 * const copy = cloneValue({ a: [new Int32(1)], d: new Date(0) });
 * copy.d; // a distinct Date, equal in time
 * ```
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => cloneValue(v)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  // Buffer#slice shares memory, so copy through the Uint8Array constructor.
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  switch (bsontype(value)) {
    case undefined: {
      const out: Doc = {};
      for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
      return out as T;
    }
    case 'Binary': {
      const bin = value as unknown as Binary;
      return new Binary(new Uint8Array(bin.buffer.subarray(0, bin.position)), bin.sub_type) as T;
    }
    case 'DBRef': {
      const ref = value as unknown as DBRef;
      return new DBRef(ref.collection, cloneValue(ref.oid), ref.db, cloneValue(ref.fields)) as T;
    }
    case 'Code': {
      const code = value as unknown as Code;
      return new Code(code.code, code.scope ? cloneValue(code.scope) : null) as T;
    }
    default:
      return value;
  }
}
