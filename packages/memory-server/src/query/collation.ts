import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { isPlainDocument } from './bson-types.js';

/** Compares two strings; MongoDB's simple collation is code point order. */
export type StringComparator = (a: string, b: string) => number;

/** A parsed, non-simple collation: the spec as given and the string order it defines. */
export interface Collation {
  /** The collation document as the client sent it (stored and echoed as metadata). */
  readonly spec: Doc;
  /** Orders two strings under this collation (0 means equal, e.g. 'a' and 'A' at strength 2). */
  readonly compareStrings: StringComparator;
}

const FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

const cache = new Map<string, Collation>();

function badValue(message: string): ServerError {
  return new ServerError('BadValue', message);
}

function intOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'valueOf' in value) {
    const v = (value as { valueOf(): unknown }).valueOf();
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
  }
  return undefined;
}

function boolField(spec: Doc, name: string): boolean {
  const value = spec[name];
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new ServerError('TypeMismatch', `Field '${name}' must be of type bool`);
  return value;
}

function stringField(spec: Doc, name: string, allowed: readonly string[], fallback: string): string {
  const value = spec[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string')
    throw new ServerError('TypeMismatch', `Field '${name}' must be of type string`);
  if (!allowed.includes(value)) {
    throw badValue(`Field '${name}' must be ${allowed.map((a) => `'${a}'`).join(', ')}. Got: ${value}`);
  }
  return value;
}

/** Turns MongoDB's ICU locale id (`en_US`, `de@collation=phonebook`) into a BCP 47 tag. */
function bcp47(locale: string): string | undefined {
  const [base = '', keywords] = locale.split('@');
  let tag = base.replace(/_/g, '-');
  if (keywords) {
    const match = /collation=(\w+)/.exec(keywords);
    if (match?.[1]) tag += `-u-co-${match[1].slice(0, 8)}`;
  }
  try {
    const supported = Intl.Collator.supportedLocalesOf([tag]);
    return supported.length > 0 ? tag : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a `collation` option. Returns `undefined` for the simple (binary) collation — absent,
 * or `{ locale: 'simple' }` — and otherwise a {@link Collation} backed by `Intl.Collator`:
 * strength 1 ignores case and accents, 2 ignores case, 3+ tells both apart; `caseLevel` adds case
 * back at strength 1–2; `caseFirst`, `numericOrdering` and `alternate: 'shifted'` (punctuation
 * and spaces ignored) map to the collator's options; `backwards` and `normalization` are accepted
 * and ignored. Invalid specs throw MongoDB's errors (BadValue 2 for a bad locale or value).
 *
 * @example
 * ```ts
 * parseCollation({ locale: 'en', strength: 2 })?.compareStrings('ping', 'PING'); // 0
 * parseCollation({ locale: 'simple' }); // undefined
 * ```
 */
export function parseCollation(spec: unknown): Collation | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainDocument(spec)) {
    throw new ServerError('TypeMismatch', "BSON field 'collation' is the wrong type, expected type 'object'");
  }
  const key = JSON.stringify(spec);
  const cached = cache.get(key);
  if (cached) return cached;
  for (const field of Object.keys(spec)) {
    if (!FIELDS.has(field)) {
      throw new ServerError(
        { code: 40415, codeName: 'Location40415' },
        `BSON field 'collation.${field}' is an unknown field.`,
      );
    }
  }
  const locale = spec['locale'];
  if (locale === undefined) {
    throw new ServerError(
      { code: 40414, codeName: 'Location40414' },
      "BSON field 'collation.locale' is missing but a required field",
    );
  }
  if (typeof locale !== 'string')
    throw new ServerError('TypeMismatch', "Field 'locale' must be of type string");
  const strengthRaw = spec['strength'];
  const strength = strengthRaw === undefined ? 3 : intOf(strengthRaw);
  if (strength === undefined || !Number.isInteger(strength) || strength < 1 || strength > 5) {
    throw badValue(`Field 'strength' must be an integer 1 through 5. Got: ${String(strengthRaw)}`);
  }
  const caseLevel = boolField(spec, 'caseLevel');
  const caseFirst = stringField(spec, 'caseFirst', ['upper', 'lower', 'off'], 'off');
  const numeric = boolField(spec, 'numericOrdering');
  const alternate = stringField(spec, 'alternate', ['non-ignorable', 'shifted'], 'non-ignorable');
  stringField(spec, 'maxVariable', ['punct', 'space'], 'punct');
  boolField(spec, 'normalization');
  boolField(spec, 'backwards');
  if (locale === 'simple') {
    if (Object.keys(spec).length > 1)
      throw badValue("Collation 'simple' may only be specified with the locale field");
    return undefined;
  }
  const tag = bcp47(locale);
  if (tag === undefined || locale === '')
    throw badValue(`Field 'locale' is invalid in: ${JSON.stringify(spec)}`);
  const sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength >= 3
      ? 'variant'
      : strength === 2
        ? caseLevel
          ? 'variant'
          : 'accent'
        : caseLevel
          ? 'case'
          : 'base';
  const collator = new Intl.Collator(tag, {
    usage: 'sort',
    sensitivity,
    numeric,
    caseFirst: caseFirst === 'off' ? 'false' : (caseFirst as 'upper' | 'lower'),
    ignorePunctuation: alternate === 'shifted',
  });
  const collation: Collation = { spec, compareStrings: (a, b) => collator.compare(a, b) };
  cache.set(key, collation);
  return collation;
}
