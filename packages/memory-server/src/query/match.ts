import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import type { Collation } from './collation.js';
import { isPlainDocument } from './compare.js';
import { isOperatorObject } from './match/field-operators.js';
import { compileDocument } from './match/top-level.js';
import type { CompileContext, DocMatcher, MatchState } from './match/types.js';
import { newTextSearchSlot, validateTextPlacement, type TextSearchSlot } from './text/text-operator.js';
// Geo operators register themselves after the built-in stubs (import order matters).
import './geo/operators.js';

export { registerFieldOperator } from './match/field-operators.js';
export { registerTopLevelOperator } from './match/top-level.js';
export { setExpressionEvaluator } from './match/expr.js';

/** A filter compiled once and tested against many documents. */
export interface CompiledFilter {
  /** Whether the document matches the filter. */
  test(doc: Doc): boolean;
  /** For the positional `$` update/projection operator: the array index matched by the filter. */
  matchPositional(doc: Doc): { matched: boolean; position: number | undefined };
  /** Top-level equality conditions (`{a: 1}`, `{a: {$eq: 1}}`, and those inside a top-level `$and`), for index lookups and upserts. */
  readonly equalities: ReadonlyMap<string, unknown>;
  /** The collation the filter compares strings with, if not the simple one (index lookups on strings must then be skipped). */
  readonly collation?: Collation | undefined;
  /** Present when the filter holds `$text`: the planner binds the text index to it. */
  readonly text?: TextSearchSlot | undefined;
}

/** Collects `path → value` for top-level equalities, descending into `$and` (and one-clause `$or`). */
function collectEqualities(filter: Doc, out: Map<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    // A one-clause $or is an $and in disguise (MongoDB's normalizer rewrites it the same way).
    if (key === '$and' || (key === '$or' && Array.isArray(value) && value.length === 1)) {
      if (Array.isArray(value))
        for (const child of value) if (isPlainDocument(child)) collectEqualities(child, out);
      continue;
    }
    if (key.startsWith('$') || out.has(key)) continue;
    if (isOperatorObject(value)) {
      if (Object.hasOwn(value, '$eq')) out.set(key, value['$eq']);
    } else if (
      !(value instanceof RegExp) &&
      (value as { _bsontype?: unknown } | null)?._bsontype !== 'BSONRegExp'
    ) {
      out.set(key, value);
    }
  }
}

/**
 * Compiles a MongoDB query filter. Throws `ServerError` (BadValue 2 and friends) for unknown
 * operators and malformed operands, at compile time, like MongoDB's parser.
 *
 * @example
 * ```ts
 * const filter = compileFilter({ tags: 'red', qty: { $gte: 10 } });
 * filter.test({ tags: ['red', 'blue'], qty: new Int32(12) }); // true
 * filter.equalities; // Map { 'tags' => 'red' }
 * compileFilter({ name: 'bob' }, { collation: parseCollation({ locale: 'en', strength: 2 }) }).test({ name: 'BOB' }); // true
 * ```
 */
export function compileFilter(
  filter: Doc,
  options: { variables?: Doc | undefined; collation?: Collation | undefined } = {},
): CompiledFilter {
  if (!isPlainDocument(filter)) throw new ServerError('BadValue', 'filter must be an object');
  const text = newTextSearchSlot();
  const ctx: CompileContext = {
    variables: options.variables ?? {},
    strings: options.collation?.compareStrings,
    compileDocument: (doc) => compileDocument(doc, ctx),
    text,
  };
  const matcher: DocMatcher = compileDocument(filter, ctx);
  if (text.operands.length > 0) validateTextPlacement(filter);
  const equalities = new Map<string, unknown>();
  collectEqualities(filter, equalities);
  return {
    test: (doc) => matcher(doc, undefined),
    matchPositional: (doc) => {
      const state: MatchState = { position: undefined };
      const matched = matcher(doc, state);
      return { matched, position: matched ? state.position : undefined };
    },
    equalities,
    collation: options.collation,
    ...(text.operands.length > 0 ? { text } : {}),
  };
}
