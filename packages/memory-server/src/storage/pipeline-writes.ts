import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { canonicalKey, valuesEqual } from '../query/compare.js';
import { applyUpdate } from '../query/update.js';
import { Collection } from './collection.js';
import { prepareInsert } from './document-rules.js';
import type { Engine, StorageTransaction } from './engine.js';
import { duplicateKeyError } from './duplicate-key-error.js';
import { defaultIndexName } from './index-definition.js';
import { indexPathValues } from './index-keys.js';

/** Where `$out`/`$merge` write. */
export interface PipelineTarget {
  readonly db: string;
  readonly coll: string;
}

function onFields(spec: Doc): string[] {
  const on = spec['on'];
  if (on === undefined) return ['_id'];
  if (typeof on === 'string') return [on];
  if (Array.isArray(on) && on.every((field) => typeof field === 'string')) return on as string[];
  throw new ServerError(
    { code: 51186, codeName: 'Location51186' },
    "$merge 'on' field must be either a string or an array of strings",
  );
}

function replaceOut(engine: Engine, target: PipelineTarget, docs: readonly Doc[]): void {
  const existing = engine.getCollection(target.db, target.coll);
  // Build the result aside first: a duplicate key leaves the target untouched, as with mongod's temp collection.
  const staging = new Collection(target.db, target.coll, existing?.options ?? {});
  for (const index of existing?.secondaryIndexes() ?? []) staging.createIndex(index.definition);
  const prepared = docs.map((doc) => {
    const stored = prepareInsert(doc);
    staging.insertRecord(canonicalKey(stored['_id']), stored);
    return stored;
  });
  if (existing) engine.truncateCollection(target.db, target.coll);
  for (const doc of prepared) engine.insertDocument(target.db, target.coll, doc, undefined);
  if (!existing && prepared.length === 0) engine.ensureCollection(target.db, target.coll);
}

function findMatch(
  engine: Engine,
  target: PipelineTarget,
  fields: readonly string[],
  doc: Doc,
  txn: StorageTransaction | undefined,
): Doc | undefined {
  if (fields.length === 1 && fields[0] === '_id') {
    if (!('_id' in doc)) return undefined;
    return engine.visibleDocument(target.db, target.coll, canonicalKey(doc['_id']), txn);
  }
  const wanted = fields.map((field) => indexPathValues(doc, field)[0] ?? null);
  return engine
    .readDocuments(target.db, target.coll, txn)
    .find((candidate) =>
      fields.every((field, i) => valuesEqual(indexPathValues(candidate, field)[0] ?? null, wanted[i])),
    );
}

function mergeOne(
  engine: Engine,
  target: PipelineTarget,
  spec: Doc,
  fields: readonly string[],
  doc: Doc,
  txn: StorageTransaction | undefined,
): void {
  const whenMatched = spec['whenMatched'] ?? 'merge';
  const whenNotMatched = spec['whenNotMatched'] ?? 'insert';
  const existing = findMatch(engine, target, fields, doc, txn);
  if (!existing) {
    if (whenNotMatched === 'discard') return;
    if (whenNotMatched === 'fail') {
      throw new ServerError(
        { code: 13113, codeName: 'MergeStageNoMatchingDocument' },
        '$merge could not find a matching document in the target collection for at least one document in the source collection',
      );
    }
    engine.insertDocument(target.db, target.coll, doc, txn);
    return;
  }
  let next: Doc;
  if (Array.isArray(whenMatched)) {
    const variables: Doc = { new: doc };
    next = applyUpdate(existing, whenMatched as Doc[], { variables }).doc;
  } else if (whenMatched === 'keepExisting') {
    return;
  } else if (whenMatched === 'fail') {
    // mongod inserts and lets the unique index on the `on` fields reject the document.
    const keyPattern = Object.fromEntries(fields.map((field) => [field, 1]));
    const values = fields.map((field) => indexPathValues(doc, field)[0] ?? null);
    const indexName = fields.length === 1 && fields[0] === '_id' ? '_id_' : defaultIndexName(keyPattern);
    throw duplicateKeyError(`${target.db}.${target.coll}`, indexName, keyPattern, values);
  } else if (whenMatched === 'replace') {
    const { _id: _ignored, ...rest } = doc;
    next = { _id: existing['_id'], ...rest };
  } else {
    next = { ...existing, ...doc, _id: existing['_id'] };
  }
  engine.replaceDocument(target.db, target.coll, existing, next, txn);
}

/**
 * Applies the output of `$out` (replace the target's documents, atomically, keeping its indexes)
 * or `$merge` (per document, by `on` fields, with `whenMatched`/`whenNotMatched`).
 *
 * @example
 * ```ts
 * writePipelineOutput(engine, { db: 'app', coll: 'report' }, docs, '$out', {}, undefined);
 * ```
 */
export function writePipelineOutput(
  engine: Engine,
  target: PipelineTarget,
  docs: readonly Doc[],
  stage: '$out' | '$merge',
  spec: Doc,
  txn: StorageTransaction | undefined,
): void {
  if (stage === '$out') {
    replaceOut(engine, target, docs);
    return;
  }
  const fields = onFields(spec);
  engine.ensureCollection(target.db, target.coll);
  for (const doc of docs) mergeOne(engine, target, spec, fields, doc, txn);
}
