import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import '../match/top-level.js';
import { registerTopLevelOperator } from '../match/top-level.js';
import { TEXT_SCORE } from '../text-score.js';
import type { TextIndexSpec } from '../../storage/text-index-spec.js';
import { scoreDocument } from './score-document.js';
import type { TextQuery } from './text-query.js';

/** A parsed `$text` operand. */
export interface TextOperand {
  readonly search: string;
  readonly language: string | undefined;
  readonly caseSensitive: boolean;
  readonly diacriticSensitive: boolean;
}

/**
 * Where a compiled filter's `$text` meets the collection's text index. The filter compiler
 * records the operand; the planner binds the index (`bindTextSearch`) before any document is
 * tested; matching records each matched document's score for {@link attachTextScores}.
 */
export interface TextSearchSlot {
  readonly operands: TextOperand[];
  bound: boolean;
  /** Absent once bound: the collection does not exist (nothing matches). */
  spec: TextIndexSpec | undefined;
  query: TextQuery | undefined;
  /** The text index's partial filter: documents outside it are not in the index. */
  inIndex: ((doc: Doc) => boolean) | undefined;
  readonly scores: WeakMap<Doc, number>;
}

/**
 * An empty slot for one filter compilation.
 *
 * @example
 * ```ts
 * const slot = newTextSearchSlot(); // slot.operands.length === 0 until a $text is compiled
 * ```
 */
export function newTextSearchSlot(): TextSearchSlot {
  return {
    operands: [],
    bound: false,
    spec: undefined,
    query: undefined,
    inIndex: undefined,
    scores: new WeakMap(),
  };
}

function bsonTypeName(value: unknown): string {
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'bool';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const tag = (value as { _bsontype?: unknown } | undefined)?._bsontype;
  return typeof tag === 'string' ? tag.toLowerCase() : typeof value;
}

/**
 * Validates a `$text` operand as MongoDB's IDL parser does (40414 missing `$search`, 40415
 * unknown field, 14 wrong type).
 *
 * @example
 * ```ts
 * parseTextOperand({ $search: 'coffee', $caseSensitive: true }).caseSensitive; // true
 * ```
 */
export function parseTextOperand(operand: unknown): TextOperand {
  if (!isPlainDocument(operand)) throw new ServerError('BadValue', '$text expects an object');
  const typed = <T>(field: string, type: string, check: (v: unknown) => v is T): T | undefined => {
    const value = operand[field];
    if (value === undefined) return undefined;
    if (!check(value)) {
      throw new ServerError(
        'TypeMismatch',
        `BSON field '$text.${field}' is the wrong type '${bsonTypeName(value)}', expected type '${type}'`,
      );
    }
    return value;
  };
  for (const field of Object.keys(operand)) {
    if (!['$search', '$language', '$caseSensitive', '$diacriticSensitive'].includes(field)) {
      throw new ServerError(
        { code: 40415, codeName: 'Location40415' },
        `BSON field '$text.${field}' is an unknown field.`,
      );
    }
  }
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const search = typed('$search', 'string', isString);
  if (search === undefined) {
    throw new ServerError(
      { code: 40414, codeName: 'Location40414' },
      "BSON field '$text.$search' is missing but a required field",
    );
  }
  return {
    search,
    language: typed('$language', 'string', isString),
    caseSensitive: typed('$caseSensitive', 'bool', isBool) ?? false,
    diacriticSensitive: typed('$diacriticSensitive', 'bool', isBool) ?? false,
  };
}

registerTopLevelOperator('$text', (operand, ctx) => {
  const slot = ctx.text;
  const parsed = parseTextOperand(operand);
  if (!slot) throw new ServerError('BadValue', '$text is not allowed in this context');
  slot.operands.push(parsed);
  return (doc) => {
    if (!slot.bound) throw new ServerError('BadValue', '$text is not allowed in this context');
    if (!slot.spec || !slot.query) return false;
    if (slot.inIndex && !slot.inIndex(doc)) return false;
    const score = scoreDocument(doc, slot.spec, slot.query);
    if (score === undefined) return false;
    slot.scores.set(doc, score);
    return true;
  };
});

type Place = 'top' | 'or' | 'nor' | 'elemMatch';

function walk(filter: Doc, place: Place, found: { count: number; underOr: boolean }): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$text') {
      found.count += 1;
      if (place === 'nor') throw new ServerError('BadValue', 'text expression not allowed in nor');
      if (place === 'elemMatch') throw new ServerError('BadValue', '$text is not allowed in this context');
      if (place === 'or') found.underOr = true;
    } else if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      const next: Place = key === '$nor' ? 'nor' : key === '$or' && place === 'top' ? 'or' : place;
      for (const child of value) if (isPlainDocument(child)) walk(child, next, found);
    } else if (!key.startsWith('$') && isPlainDocument(value)) {
      const elem = value['$elemMatch'];
      if (isPlainDocument(elem)) walk(elem, 'elemMatch', found);
    }
  }
}

/**
 * Checks where `$text` appears in a filter: at most once (BadValue "Too many text expressions"),
 * never under `$nor` or `$elemMatch`. Returns whether it sits under an `$or`.
 *
 * @example
 * ```ts
 * validateTextPlacement({ $or: [{ $text: { $search: 'a' } }, { _id: 1 }] }); // { underOr: true }
 * ```
 */
export function validateTextPlacement(filter: Doc): { underOr: boolean } {
  const found = { count: 0, underOr: false };
  walk(filter, 'top', found);
  if (found.count > 1) throw new ServerError('BadValue', 'Too many text expressions');
  return { underOr: found.underOr };
}

/**
 * Copies matched documents with their text score under {@link TEXT_SCORE} (for `$meta`); stored
 * documents stay untouched.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * attachTextScores(docs, compiled.text)[0]?.[TEXT_SCORE]; // 1.1
 * ```
 */
export function attachTextScores(docs: Doc[], slot: TextSearchSlot | undefined): Doc[] {
  if (!slot || slot.operands.length === 0) return docs;
  return docs.map((doc) => {
    const score = slot.scores.get(doc);
    return score === undefined ? doc : { ...doc, [TEXT_SCORE]: score };
  });
}

function hasTextScoreMeta(spec: unknown): boolean {
  if (!isPlainDocument(spec)) return false;
  return Object.values(spec).some(
    (value) => isPlainDocument(value) && (value['$meta'] === 'textScore' || hasTextScoreMeta(value)),
  );
}

/**
 * Throws MongoDB's 40218 when a sort or projection asks for `{ $meta: 'textScore' }` but the
 * query has no `$text`.
 *
 * @example
 * ```ts
 * requireTextScore({ s: { $meta: 'textScore' } }, undefined, undefined); // throws (40218)
 * ```
 */
export function requireTextScore(
  sort: Doc | undefined,
  projection: Doc | undefined,
  slot: TextSearchSlot | undefined,
): void {
  if (slot && slot.operands.length > 0) return;
  if (hasTextScoreMeta(sort) || hasTextScoreMeta(projection)) {
    throw new ServerError(
      { code: 40218, codeName: 'Location40218' },
      'query requires text score metadata, but it is not available',
    );
  }
}

function containsText(filter: unknown): boolean {
  if (!isPlainDocument(filter)) return false;
  return Object.entries(filter).some(
    ([key, value]) =>
      key === '$text' ||
      ((key === '$and' || key === '$or' || key === '$nor') &&
        Array.isArray(value) &&
        value.some(containsText)),
  );
}

/**
 * Checks a pipeline's use of `$text`: only a first-stage `$match` may hold it (else 17313), and
 * a `$sort` on `{ $meta: 'textScore' }` needs it (else 40218). Returns whether the first stage
 * is a `$text` match.
 *
 * @example
 * ```ts
 * checkTextStages([{ $match: { $text: { $search: 'tea' } } }, { $sort: { s: { $meta: 'textScore' } } }]); // true
 * ```
 */
export function checkTextStages(pipeline: readonly Doc[]): boolean {
  const first = containsText(pipeline[0]?.['$match']);
  pipeline.forEach((stage, i) => {
    if (i > 0 && containsText(stage['$match'])) {
      throw new ServerError(
        { code: 17313, codeName: 'Location17313' },
        '$match with $text is only allowed as the first pipeline stage',
      );
    }
    if (!first && hasTextScoreMeta(stage['$sort'])) {
      throw new ServerError(
        { code: 40218, codeName: 'Location40218' },
        'query requires text score metadata, but it is not available',
      );
    }
  });
  return first;
}
