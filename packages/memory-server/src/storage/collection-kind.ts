import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { runPipeline } from '../query/aggregate.js';
import { canonicalKey } from '../query/compare.js';
import { compileFilter, type CompiledFilter } from '../query/match.js';
import type { Collection } from './collection.js';

/** How views reach their source documents (the engine, as seen by one reader). */
export type ReadSource = (db: string, name: string) => Doc[];

/**
 * Whether a catalog entry is a view (`create` with `viewOn`): it holds no documents, reads run
 * its pipeline over the source, and writes fail with 166.
 *
 * @example
 * ```ts
 * isView(new Collection('app', 'v', { viewOn: 'users', pipeline: [] })); // true
 * ```
 */
export function isView(collection: Collection | undefined): boolean {
  return collection !== undefined && typeof collection.options['viewOn'] === 'string';
}

/**
 * The 166 CommandNotSupportedOnView error a write to a view gets.
 *
 * @example
 * ```ts
 * throw viewWriteError('app.v');
 * ```
 */
export function viewWriteError(ns: string): ServerError {
  return new ServerError(
    { code: 166, codeName: 'CommandNotSupportedOnView' },
    `Namespace ${ns} is a view, not a collection`,
  );
}

/**
 * The documents of a view: its pipeline over the source collection (itself possibly a view),
 * then filtered by `compiled` when given. Views nested deeper than 20 fail like mongod's.
 *
 * @example
 * ```ts
 * viewDocuments(users, (db, name) => engine.readDocuments(db, name, undefined)); // the view's pipeline output
 * ```
 */
export function viewDocuments(view: Collection, read: ReadSource, compiled?: CompiledFilter): Doc[] {
  const source = view.options['viewOn'] as string;
  const pipeline = (view.options['pipeline'] ?? []) as Doc[];
  const docs = runPipeline(read(view.db, source), pipeline, {
    dbName: view.db,
    collectionName: source,
    resolveCollection: read,
  });
  return compiled ? docs.filter((doc) => compiled.test(doc)) : docs;
}

/**
 * The record key of a document being inserted. Normally its canonical `_id`; a time-series
 * collection has no unique `_id` index, so each measurement gets its own key.
 *
 * @example
 * ```ts
 * insertKey(users, { _id: 1 }); // canonicalKey(1)
 * ```
 */
export function insertKey(collection: Collection, doc: Doc): string {
  const id = canonicalKey(doc['_id']);
  if (collection.options['timeseries'] === undefined) return id;
  const key = `${id}\u0001${collection.nextMeasurement()}`;
  collection.recordKeys.set(doc, key);
  return key;
}

/**
 * The record key of a stored document (see {@link insertKey}).
 *
 * @example
 * ```ts
 * recordKey(users, storedDoc); // canonicalKey(storedDoc._id)
 * ```
 */
export function recordKey(collection: Collection, doc: Doc): string {
  return collection.recordKeys.get(doc) ?? canonicalKey(doc['_id']);
}

interface CompiledValidator {
  readonly spec: unknown;
  readonly filter: CompiledFilter;
}

const validators = new WeakMap<Collection, CompiledValidator>();

function validatorOf(collection: Collection): CompiledFilter | undefined {
  const spec = collection.options['validator'];
  if (spec === undefined || (typeof spec === 'object' && spec !== null && Object.keys(spec).length === 0))
    return undefined;
  const cached = validators.get(collection);
  if (cached && cached.spec === spec) return cached.filter;
  const filter = compileFilter(spec as Doc);
  validators.set(collection, { spec, filter });
  return filter;
}

/**
 * Checks a document against the collection's validator (121 DocumentValidationFailure with
 * `errInfo`). `validationLevel: 'off'` and `validationAction: 'warn'` skip it; `'moderate'` skips
 * updates of documents that were already invalid (`before`).
 *
 * @example
 * ```ts
 * checkValidator(users, { _id: 1, x: 1 }, undefined); // throws 121 when the validator wants x a string
 * ```
 */
export function checkValidator(collection: Collection, doc: Doc, before: Doc | undefined): void {
  const filter = validatorOf(collection);
  if (!filter) return;
  const level = collection.options['validationLevel'] ?? 'strict';
  const action = collection.options['validationAction'] ?? 'error';
  if (level === 'off' || action === 'warn') return;
  if (filter.test(doc)) return;
  if (level === 'moderate' && before !== undefined && !filter.test(before)) return;
  const validator = collection.options['validator'] as Doc;
  const operatorName =
    Object.keys(validator).length === 1 && Object.keys(validator)[0]?.startsWith('$')
      ? Object.keys(validator)[0]
      : '$and';
  throw new ServerError({ code: 121, codeName: 'DocumentValidationFailure' }, 'Document failed validation', {
    extra: { errInfo: { failingDocumentId: doc['_id'], details: { operatorName, specifiedAs: validator } } },
  });
}
