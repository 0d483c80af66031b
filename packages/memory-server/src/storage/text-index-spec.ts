import { Int32 } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { canonicalLanguage } from '../query/text/language.js';
import type { IndexDefinition } from './index-definition.js';
import { toNumber } from './numbers.js';

/** What a text index says about scoring and languages (read back from its stored spec). */
export interface TextIndexSpec {
  /** Field path → weight; `$**` present means every string field is indexed. */
  readonly weights: ReadonlyMap<string, number>;
  readonly wildcard: boolean;
  readonly defaultLanguage: string;
  readonly languageOverride: string;
  /** Ordinary key fields before the text part (the query needs equalities on them). */
  readonly prefixFields: readonly string[];
  readonly suffixFields: readonly string[];
  readonly partialFilterExpression: Doc | undefined;
}

const WILDCARD = '$**';
/** MongoDB's bound on a text field weight (weights are stored as integers below it). */
const MAX_WORD_WEIGHT = 100_000;

function located(code: number, message: string): ServerError {
  return new ServerError({ code, codeName: `Location${code}` }, message);
}

/**
 * Whether a `createIndexes` entry describes a text index.
 *
 * @example
 * ```ts
 * isTextIndexRequest({ key: { title: 'text' } }); // true
 * ```
 */
export function isTextIndexRequest(raw: Doc): boolean {
  const key = raw['key'];
  return (
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.values(key as Doc).includes('text')
  );
}

function checkLanguage(value: unknown, option: string): string {
  if (typeof value !== 'string') throw new ServerError('TypeMismatch', `${option} must be a string`);
  if (canonicalLanguage(value) === undefined) {
    throw located(17262, `unsupported language: "${value}" for text index version 3`);
  }
  return value;
}

function readWeights(raw: unknown, textFields: readonly string[]): Doc {
  const weights = new Map<string, number>(textFields.map((field) => [field, 1]));
  if (raw === WILDCARD) weights.set(WILDCARD, 1);
  else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [field, value] of Object.entries(raw as Doc)) {
      const n = toNumber(value);
      if (n === undefined) throw located(17283, 'weight for text index needs numeric type');
      weights.set(field, Math.trunc(n));
    }
  } else if (raw !== undefined) {
    throw located(17284, "text index option 'weights' must be an object");
  }
  const out: Doc = {};
  for (const field of [...weights.keys()].sort()) {
    const weight = weights.get(field) as number;
    if (!(weight > 0 && weight < MAX_WORD_WEIGHT)) throw located(16674, 'score for word too high');
    out[field] = new Int32(weight);
  }
  if (Object.keys(out).length === 0)
    throw new ServerError(
      { code: 67, codeName: 'CannotCreateIndex' },
      'text index needs at least one text field',
    );
  return out;
}

/**
 * Rewrites a text index request the way MongoDB stores it: the text fields become
 * `_fts: 'text', _ftsx: 1` in the key (ordinary prefix/suffix keys kept around them), their
 * weights (integers, default 1) move to `weights` sorted by field, and `default_language`
 * ('english'), `language_override` ('language') and `textIndexVersion` (3) are filled in. The
 * default name comes from the key as given (`title_text`).
 *
 * @example
 * ```ts
 * normalizeTextIndexSpec({ key: { title: 'text', body: 'text' }, weights: { title: 5 } }, () => 'title_text_body_text');
 * // { key: { _fts: 'text', _ftsx: 1 }, name: 'title_text_body_text', weights: { body: 1, title: 5 }, default_language: 'english', language_override: 'language', textIndexVersion: 3 }
 * ```
 */
export function normalizeTextIndexSpec(raw: Doc, defaultName: (key: Doc) => string): Doc {
  const key = raw['key'] as Doc;
  const normalized: Doc = {};
  const textFields: string[] = [];
  let stage: 'before' | 'text' | 'after' = 'before';
  for (const [field, value] of Object.entries(key)) {
    const isText = value === 'text' || field === '_ftsx';
    if (field === '_fts' || field === '_ftsx') {
      if (field === '_fts' && value !== 'text') throw located(17271, 'expecting _fts:"text"');
    } else if (value === 'text') {
      textFields.push(field);
    } else {
      const n = toNumber(value);
      if (n !== 1 && n !== -1)
        throw located(17273, 'expected value 1 or -1 for non-text key in compound index');
    }
    if (isText) {
      if (stage === 'after') throw located(17389, "'text' fields in index must all be adjacent");
      if (stage === 'before') {
        normalized['_fts'] = 'text';
        normalized['_ftsx'] = new Int32(1);
      }
      stage = 'text';
    } else {
      if (stage === 'text') stage = 'after';
      normalized[field] = value;
    }
  }
  const version = raw['textIndexVersion'] === undefined ? 3 : toNumber(raw['textIndexVersion']);
  if (version !== 3 && version !== 2) {
    throw located(17364, `Currently only textIndexVersion 2 and 3 are supported, not ${String(version)}`);
  }
  const languageOverride = raw['language_override'] ?? 'language';
  if (
    typeof languageOverride !== 'string' ||
    languageOverride === '' ||
    languageOverride.startsWith('$') ||
    languageOverride.includes('.')
  ) {
    throw located(17136, `language_override is invalid: ${JSON.stringify(languageOverride)}`);
  }
  const out: Doc = { key: normalized, name: raw['name'] ?? defaultName(key) };
  for (const [field, value] of Object.entries(raw)) {
    if (
      !['key', 'name', 'weights', 'default_language', 'language_override', 'textIndexVersion'].includes(field)
    )
      out[field] = value;
  }
  out['weights'] = readWeights(raw['weights'], textFields);
  out['default_language'] = checkLanguage(raw['default_language'] ?? 'english', 'default_language');
  out['language_override'] = languageOverride;
  out['textIndexVersion'] = new Int32(version);
  return out;
}

/**
 * Reads the text-search view of a (normalized) text index definition.
 *
 * @example
 * ```ts
 * textIndexSpecOf(parseIndexSpec({ key: { title: 'text' } })).weights; // Map { 'title' => 1 }
 * ```
 */
export function textIndexSpecOf(definition: IndexDefinition): TextIndexSpec {
  const spec = definition.spec;
  const weights = new Map<string, number>();
  let wildcard = false;
  for (const [field, value] of Object.entries((spec['weights'] ?? {}) as Doc)) {
    if (field === WILDCARD) wildcard = true;
    else weights.set(field, toNumber(value) ?? 1);
  }
  const fields = Object.keys(definition.key);
  const textAt = fields.indexOf('_fts');
  return {
    weights,
    wildcard,
    defaultLanguage: String(spec['default_language'] ?? 'english'),
    languageOverride: String(spec['language_override'] ?? 'language'),
    prefixFields: textAt < 0 ? [] : fields.slice(0, textAt),
    suffixFields: textAt < 0 ? [] : fields.slice(textAt + 2),
    partialFilterExpression: definition.partialFilterExpression,
  };
}

/**
 * Whether an index definition is a text index.
 *
 * @example
 * ```ts
 * isTextIndex(parseIndexSpec({ key: { title: 'text' } })); // true
 * ```
 */
export function isTextIndex(definition: IndexDefinition): boolean {
  return definition.key['_fts'] === 'text';
}
