import type { Doc } from '../bson.js';
import type { Collection } from './collection.js';

/** One document version a committing transaction writes (`null`: it deleted the document). */
export interface CommitWrite {
  readonly collection: Collection;
  readonly idKey: string;
  readonly doc: Doc | null;
}

/**
 * Applies a transaction's writes to committed collections all or nothing: every unique index is
 * checked before any record changes, and a duplicate key rolls the index changes back and throws.
 * Returns the writes that changed something.
 *
 * @example
 * ```ts
 * applyCommitWrites([{ collection: users, idKey: canonicalKey(1), doc: { _id: 1, email: 'a' } }]);
 * ```
 */
export function applyCommitWrites(writes: readonly CommitWrite[]): CommitWrite[] {
  const ops = writes
    .map((write) => ({ ...write, old: write.collection.get(write.idKey) }))
    .filter((op) => op.old !== undefined || op.doc !== null);
  // Unindex every old version first so that swapping unique values inside one transaction passes.
  for (const op of ops) if (op.old) op.collection.unindexDocument(op.idKey, op.old);
  const indexed: typeof ops = [];
  for (const op of ops) {
    if (!op.doc) continue;
    const duplicate = op.collection.duplicateFor(op.doc, op.idKey);
    if (duplicate) {
      for (const done of indexed) if (done.doc) done.collection.unindexDocument(done.idKey, done.doc);
      for (const undo of ops) if (undo.old) undo.collection.indexDocument(undo.idKey, undo.old);
      throw duplicate;
    }
    op.collection.indexDocument(op.idKey, op.doc);
    indexed.push(op);
  }
  for (const op of ops) {
    if (op.doc) op.collection.setRecord(op.idKey, op.doc);
    else op.collection.deleteRecord(op.idKey);
  }
  return ops;
}
