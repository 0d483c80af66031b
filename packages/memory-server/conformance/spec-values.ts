import { BSON } from 'mongodb';

const { EJSON } = BSON;

/**
 * Canonical Extended JSON wrapper keys. Only these turn an object into a BSON value: the legacy
 * `{ $regex, $options }` form is left alone because spec tests use it as a query operator.
 */
const WRAPPER_KEYS = new Set([
  '$oid',
  '$date',
  '$numberInt',
  '$numberLong',
  '$numberDouble',
  '$numberDecimal',
  '$binary',
  '$uuid',
  '$timestamp',
  '$regularExpression',
  '$minKey',
  '$maxKey',
  '$symbol',
  '$code',
  '$dbPointer',
  '$undefined',
]);

/** A plain JSON value as read from a spec file, before Extended JSON conversion. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Converts a spec file's JSON into driver values: Extended JSON wrappers become BSON classes
 * (`{$numberLong: "1"}` → `Long`), plain JSON numbers stay JS numbers so the driver sends them as
 * it would send an application's numbers, and everything else is copied as is.
 *
 * @example
 * fromSpecJson({ _id: { $oid: '000000000000000000000001' }, x: 1 }); // { _id: ObjectId(...), x: 1 }
 */
export function fromSpecJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(fromSpecJson);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.length <= 2 && WRAPPER_KEYS.has(keys[0]!)) {
    return EJSON.deserialize(value, { relaxed: false });
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = fromSpecJson(value[key]!);
  return out;
}

/**
 * Parses the text of a spec file (or any Extended JSON string) with {@link fromSpecJson}.
 *
 * @example
 * parseSpecJson('{"n": {"$numberLong": "5"}}'); // { n: Long(5) }
 */
export function parseSpecJson(text: string): unknown {
  return fromSpecJson(JSON.parse(text) as JsonValue);
}
