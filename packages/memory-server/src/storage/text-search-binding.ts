import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { isPlainDocument } from '../query/compare.js';
import { compileFilter, type CompiledFilter } from '../query/match.js';
import { validateTextPlacement } from '../query/text/text-operator.js';
import { buildTextQuery } from '../query/text/text-query.js';
import type { Collection } from './collection.js';
import { isTextIndex, textIndexSpecOf } from './text-index-spec.js';

function noPlan(ns: string, reason: string): ServerError {
  return new ServerError(
    { code: 291, codeName: 'NoQueryExecutionPlans' },
    `error processing query: ns=${ns} planner returned error :: caused by :: ${reason}`,
  );
}

/** Whether an `$or` clause could be answered from an ordinary index (a non-text clause beside `$text` must be). */
function indexedClause(collection: Collection, clause: Doc): boolean {
  if ('$text' in clause) return true;
  const leading = new Set([
    '_id',
    ...collection
      .secondaryIndexes()
      .filter((i) => !i.definition.special)
      .map((i) => i.definition.fields[0] ?? ''),
  ]);
  return Object.keys(clause).some((key) => leading.has(key));
}

function checkOrClauses(collection: Collection, filter: Doc): void {
  const or = filter['$or'];
  if (Array.isArray(or) && or.some((clause) => isPlainDocument(clause) && '$text' in clause)) {
    if (!or.every((clause) => isPlainDocument(clause) && indexedClause(collection, clause))) {
      throw noPlan(
        collection.ns,
        'Failed to produce a solution for TEXT under OR - other non-TEXT clauses under OR have to be indexed as well.',
      );
    }
  }
  const and = filter['$and'];
  if (Array.isArray(and))
    for (const child of and) if (isPlainDocument(child)) checkOrClauses(collection, child);
}

/**
 * Binds a compiled filter's `$text` to the collection's text index before documents are tested:
 * 27 IndexNotFound without a (visible) text index, 291 when a compound text index's prefix
 * fields lack equalities or a sibling `$or` clause is unindexed, BadValue with a hint.
 * A missing collection binds to nothing (no document matches, as MongoDB's EOF plan).
 *
 * @example
 * ```ts
 * const compiled = compileFilter(filter);
 * bindTextSearch(collection, filter, compiled, undefined); // compiled.text is now ready
 * ```
 */
export function bindTextSearch(
  collection: Collection | undefined,
  filter: Doc,
  compiled: CompiledFilter,
  hint: unknown,
): void {
  const slot = compiled.text;
  if (!slot || slot.operands.length === 0) return;
  const operand = slot.operands[0];
  if (!operand) return;
  slot.bound = true;
  if (!collection) return;
  const index = collection
    .secondaryIndexes()
    .find((candidate) => isTextIndex(candidate.definition) && !candidate.definition.hidden);
  if (!index) throw new ServerError('IndexNotFound', 'text index required for $text query');
  if (
    hint !== undefined &&
    hint !== null &&
    !(isPlainDocument(hint) && Object.keys(hint).length === 0) &&
    hint !== ''
  ) {
    throw new ServerError('BadValue', 'text and hint not allowed in same query');
  }
  const spec = textIndexSpecOf(index.definition);
  if (spec.prefixFields.some((field) => !compiled.equalities.has(field))) {
    throw noPlan(
      collection.ns,
      'failed to use text index to satisfy $text query (if text index is compound, are equality predicates given for all prefix fields?)',
    );
  }
  if (validateTextPlacement(filter).underOr) checkOrClauses(collection, filter);
  slot.spec = spec;
  slot.query = buildTextQuery(operand.search, operand.language ?? spec.defaultLanguage, {
    caseSensitive: operand.caseSensitive,
    diacriticSensitive: operand.diacriticSensitive,
  });
  const partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  slot.inIndex = partial ? (doc) => partial.test(doc) : undefined;
}
