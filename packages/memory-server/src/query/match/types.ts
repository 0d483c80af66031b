import type { Doc } from '../../bson.js';
import type { StringComparator } from '../collation.js';
import type { TextSearchSlot } from '../text/text-operator.js';

/** Collects what the positional `$` operator needs while a document is matched. */
export interface MatchState {
  /** Index in the first array traversed by the last positive leaf match, if any. */
  position: number | undefined;
}

/** A compiled filter node: tests a whole document (or an array element treated as one). */
export type DocMatcher = (doc: Doc, state: MatchState | undefined) => boolean;

/**
 * A compiled field operator. `test` looks at one value with no array expansion (`undefined` is
 * "missing"); when `expandArrays` is set, an array value also matches if one of its elements does
 * (MongoDB's implicit array traversal for `$eq`, `$gt`, `$in`, `$regex` …).
 */
export interface Predicate {
  readonly kind: 'pred';
  readonly expandArrays: boolean;
  test(value: unknown): boolean;
  /** For array-consuming operators (`$elemMatch`): the index of the matching element, or -1. */
  matchIndex?(value: unknown): number;
}

/** `$not`, `$ne`, `$nin`, `$exists: false`: negates the field-level match of its conditions. */
export interface Negation {
  readonly kind: 'not';
  readonly conds: readonly Condition[];
}

/** Several conditions on one path that must all hold (`$all`, an operator object). */
export interface Conjunction {
  readonly kind: 'and';
  readonly conds: readonly Condition[];
}

/** What a field operator compiles to. */
export type Condition = Predicate | Negation | Conjunction;

/** What compilers get besides their operand. */
export interface CompileContext {
  /** `let` variables for `$expr`. */
  readonly variables: Doc;
  /** The query's collation string order (absent: binary). */
  readonly strings?: StringComparator | undefined;
  /** Compiles a nested filter document (for `$elemMatch` object form). */
  compileDocument(filter: Doc): DocMatcher;
  /** Where `$text` records its operand and finds its bound text index (see `query/text/text-operator.ts`). */
  readonly text?: TextSearchSlot | undefined;
}

/**
 * Compiles one field operator (`$gt`, `$regex` …). `siblings` is the whole operator object, for
 * operators that read a sibling (`$regex` reads `$options`).
 */
export type FieldOperatorCompiler = (
  operand: unknown,
  siblings: Doc,
  ctx: CompileContext,
  name: string,
) => Condition;

/** Compiles one top-level operator (`$and`, `$expr` …) into a document matcher. */
export type TopLevelOperatorCompiler = (operand: unknown, ctx: CompileContext, name: string) => DocMatcher;

/**
 * A predicate that looks at values one by one, expanding arrays (the common case).
 *
 * @example
 * ```ts
 * predicate((v) => v === 1); // {a: 1} also matches {a: [0, 1]}
 * ```
 */
export function predicate(test: (value: unknown) => boolean, expandArrays = true): Predicate {
  return { kind: 'pred', expandArrays, test };
}

/**
 * Negates conditions on the same path.
 *
 * @example
 * ```ts
 * negate(comparisonPredicate('$eq', 1)); // $ne: 1
 * ```
 */
export function negate(...conds: Condition[]): Negation {
  return { kind: 'not', conds };
}
