import { BSON } from 'mongodb';

const { EJSON } = BSON;
import { hasBsonType, isPlainDocument, numericValue } from './bson-kind.js';

/** What the matcher needs from the entity map (for `$$matchesEntity` and `$$sessionLsid`). */
export interface MatchEntities {
  /** The value of a saved entity; throws when there is none. */
  resolve(id: string): unknown;
  /** The `lsid` document of a session entity; throws when there is none. */
  sessionLsid(id: string): unknown;
}

/** A failed match: where (a dotted path from the root) and why. */
export interface Mismatch {
  path: string;
  message: string;
}

const NO_ENTITIES: MatchEntities = {
  resolve(id) {
    throw new Error(`no entity '${id}'`);
  },
  sessionLsid(id) {
    throw new Error(`no session entity '${id}'`);
  },
};

/**
 * Matches an actual value against an expected one by the unified test format's rules: extra
 * fields are allowed in root-level documents only, arrays must have the expected length, numbers
 * compare by value across int/long/double/decimal, and `$$` operators apply. Returns `undefined`
 * on a match, else the first mismatch.
 *
 * @example
 * matchValue({ _id: 1 }, { _id: 1, x: 2 }, { root: true }); // undefined (extra root field allowed)
 * matchValue({ a: { b: 1 } }, { a: { b: 1, c: 2 } }); // { path: 'a', message: 'unexpected field c' }
 */
export function matchValue(
  expected: unknown,
  actual: unknown,
  options: { root?: boolean; entities?: MatchEntities; path?: string } = {},
): Mismatch | undefined {
  return match(expected, actual, options.root ?? false, options.entities ?? NO_ENTITIES, options.path ?? '');
}

function fail(path: string, message: string): Mismatch {
  return { path: path || '(root)', message };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array && !('_bsontype' in value))
    return `Buffer(${Buffer.from(value).toString('hex')})`;
  try {
    const text = EJSON.stringify(value as never, { relaxed: true });
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}

/** The single `$$` operator of an expected value, if it is an operator document. */
function operatorOf(expected: unknown): [string, unknown] | undefined {
  if (!isPlainDocument(expected)) return undefined;
  const keys = Object.keys(expected);
  if (keys.length !== 1 || !keys[0]!.startsWith('$$')) return undefined;
  return [keys[0]!, expected[keys[0]!]];
}

function match(
  expected: unknown,
  actual: unknown,
  root: boolean,
  entities: MatchEntities,
  path: string,
): Mismatch | undefined {
  const op = operatorOf(expected);
  if (op) return matchOperator(op[0], op[1], actual, root, entities, path);

  if (isPlainDocument(expected)) return matchDocument(expected, actual, root, entities, path);

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return fail(path, `expected an array, got ${describe(actual)}`);
    if (actual.length !== expected.length) {
      return fail(path, `expected ${expected.length} elements, got ${actual.length}: ${describe(actual)}`);
    }
    for (let i = 0; i < expected.length; i++) {
      // Elements of a root-level array (e.g. find results) are root-level documents themselves.
      const m = match(expected[i], actual[i], root, entities, `${path}${path ? '.' : ''}${i}`);
      if (m) return m;
    }
    return undefined;
  }

  return matchScalar(expected, actual, path);
}

function matchDocument(
  expected: Record<string, unknown>,
  actualRaw: unknown,
  root: boolean,
  entities: MatchEntities,
  path: string,
): Mismatch | undefined {
  const actual = asDocument(actualRaw);
  if (!actual) return fail(path, `expected a document, got ${describe(actualRaw)}`);
  for (const [key, exp] of Object.entries(expected)) {
    const sub = `${path}${path ? '.' : ''}${key}`;
    const present = Object.prototype.hasOwnProperty.call(actual, key) && actual[key] !== undefined;
    const op = operatorOf(exp);
    if (op && op[0] === '$$exists') {
      if (Boolean(op[1]) !== present)
        return fail(
          sub,
          op[1] ? 'expected field to exist' : `expected no field, got ${describe(actual[key])}`,
        );
      continue;
    }
    if (op && op[0] === '$$unsetOrMatches' && !present) continue;
    if (!present) return fail(sub, `missing field (expected ${describe(exp)})`);
    const m = match(exp, actual[key], false, entities, sub);
    if (m) return m;
  }
  if (!root) {
    for (const key of Object.keys(actual)) {
      if (actual[key] !== undefined && !Object.prototype.hasOwnProperty.call(expected, key)) {
        return fail(path, `unexpected field ${key} (${describe(actual[key])})`);
      }
    }
  }
  return undefined;
}

/** A document view of an actual value: plain objects as is, DBRefs in their `$ref` form, Maps as objects. */
function asDocument(value: unknown): Record<string, unknown> | undefined {
  if (isPlainDocument(value)) return value;
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), v]));
  if (
    value !== null &&
    typeof value === 'object' &&
    (value as { _bsontype?: unknown })._bsontype === 'DBRef'
  ) {
    return (value as { toJSON(): Record<string, unknown> }).toJSON();
  }
  return undefined;
}

function matchOperator(
  name: string,
  arg: unknown,
  actual: unknown,
  root: boolean,
  entities: MatchEntities,
  path: string,
): Mismatch | undefined {
  switch (name) {
    case '$$exists':
      return Boolean(arg) === (actual !== undefined)
        ? undefined
        : fail(path, `$$exists ${String(arg)} failed`);
    case '$$type': {
      const names = Array.isArray(arg) ? (arg as string[]) : [arg as string];
      if (actual === undefined) return fail(path, `expected type ${names.join('|')}, got nothing`);
      return hasBsonType(actual, names)
        ? undefined
        : fail(path, `expected type ${names.join('|')}, got ${describe(actual)}`);
    }
    case '$$unsetOrMatches':
      return actual === undefined ? undefined : match(arg, actual, root, entities, path);
    case '$$matchesEntity':
      return match(entities.resolve(String(arg)), actual, root, entities, path);
    case '$$matchesHexBytes': {
      const bytes = bytesOf(actual);
      if (!bytes) return fail(path, `expected bytes, got ${describe(actual)}`);
      const hex = Buffer.from(bytes).toString('hex');
      return hex === String(arg).toLowerCase()
        ? undefined
        : fail(path, `expected bytes ${String(arg)}, got ${hex}`);
    }
    case '$$sessionLsid':
      return match(entities.sessionLsid(String(arg)), actual, false, entities, path);
    case '$$lte': {
      const a = numericValue(actual);
      const e = numericValue(arg);
      if (a === undefined || e === undefined)
        return fail(path, `$$lte needs numbers, got ${describe(actual)}`);
      return a <= e ? undefined : fail(path, `expected ≤ ${e}, got ${a}`);
    }
    case '$$matchAsDocument': {
      if (typeof actual !== 'string') return fail(path, `expected a JSON string, got ${describe(actual)}`);
      let parsed: unknown;
      try {
        parsed = EJSON.parse(actual, { relaxed: false });
      } catch (error) {
        return fail(path, `not JSON: ${(error as Error).message}`);
      }
      return match(arg, parsed, false, entities, path);
    }
    case '$$matchAsRoot':
      return match(arg, actual, true, entities, path);
    default:
      return fail(path, `unknown special operator ${name}`);
  }
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if ((value as { _bsontype?: unknown })._bsontype === 'Binary') {
    const binary = value as { buffer: Uint8Array; position: number };
    return binary.buffer.subarray(0, binary.position);
  }
  if (value instanceof Uint8Array) return value;
  return undefined;
}

function tagOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

function matchScalar(expected: unknown, actual: unknown, path: string): Mismatch | undefined {
  const mismatch = fail(path, `expected ${describe(expected)}, got ${describe(actual)}`);
  const en = numericValue(expected);
  if (en !== undefined) {
    const an = numericValue(actual);
    if (an === undefined) return mismatch;
    return an === en || (Number.isNaN(an) && Number.isNaN(en)) ? undefined : mismatch;
  }
  if (expected === null || typeof expected !== 'object')
    return Object.is(expected, actual) || expected === actual ? undefined : mismatch;
  if (expected instanceof Date)
    return actual instanceof Date && actual.getTime() === expected.getTime() ? undefined : mismatch;
  if (expected instanceof RegExp || tagOf(expected) === 'BSONRegExp') {
    return regexKey(expected) !== undefined && regexKey(expected) === regexKey(actual) ? undefined : mismatch;
  }
  const tag = tagOf(expected);
  switch (tag) {
    case 'ObjectId':
    case 'ObjectID':
      return tagOf(actual) === tag || tagOf(actual) === 'ObjectId'
        ? String((expected as { toHexString(): string }).toHexString()) ===
          (actual as { toHexString(): string }).toHexString()
          ? undefined
          : mismatch
        : mismatch;
    case 'Binary': {
      const eb = bytesOf(expected)!;
      const ab = bytesOf(actual);
      if (!ab) return mismatch;
      const subtypeOk =
        tagOf(actual) !== 'Binary' ||
        (actual as { sub_type: number }).sub_type === (expected as { sub_type: number }).sub_type;
      return subtypeOk && Buffer.from(eb).equals(Buffer.from(ab)) ? undefined : mismatch;
    }
    case 'Timestamp':
      return tagOf(actual) === 'Timestamp' && (expected as { equals(o: unknown): boolean }).equals(actual)
        ? undefined
        : mismatch;
    case 'MinKey':
    case 'MaxKey':
    case 'BSONSymbol':
    case 'Code':
      return tagOf(actual) === tag && describe(expected) === describe(actual) ? undefined : mismatch;
    default:
      return describe(expected) === describe(actual) ? undefined : mismatch;
  }
}

function regexKey(value: unknown): string | undefined {
  if (value instanceof RegExp) return `${value.source}/${[...value.flags].sort().join('')}`;
  if (tagOf(value) === 'BSONRegExp') {
    const r = value as { pattern: string; options: string };
    return `${r.pattern}/${[...r.options].sort().join('')}`;
  }
  return undefined;
}
