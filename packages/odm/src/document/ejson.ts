import { BSON } from 'mongodb';

/**
 * The driver's own Extended JSON (the ODM depends on `mongodb` only, and values must be the
 * driver's BSON classes for `instanceof ObjectId` to hold).
 *
 * @example
 * EJSON.stringify({ _id: new ObjectId() }); // '{"_id":{"$oid":"…"}}'
 */
export const EJSON = BSON.EJSON;

/**
 * A canonical string for comparing stored values (keeps BSON types: `1` ≠ `Long(1)`).
 *
 * @example
 * stableKey(new ObjectId('64b7f0c2a1b2c3d4e5f60718')) === stableKey(new ObjectId('64b7f0c2a1b2c3d4e5f60718')); // true
 */
export function stableKey(value: unknown): string {
  return EJSON.stringify(value as never, { relaxed: false });
}
