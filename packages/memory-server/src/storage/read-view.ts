import type { Doc } from '../bson.js';
import type { Collection } from './collection.js';
import type { Transaction } from './transaction.js';

/**
 * Every document a transaction sees in a namespace, in natural order: its snapshot of the
 * committed records with its own overlay on top (rewritten and deleted documents replaced, its
 * inserts appended).
 *
 * @example
 * ```ts
 * transactionDocuments(txn, 'app.users', users); // snapshot + own writes
 * ```
 */
export function transactionDocuments(
  txn: Transaction,
  ns: string,
  collection: Collection | undefined,
): Doc[] {
  txn.assertUsable();
  const base = txn.baseRecords(ns, collection);
  const overlay = txn.overlays.get(ns);
  const docs: Doc[] = [];
  if (base) {
    for (const [idKey, record] of base) {
      if (overlay?.docs.has(idKey)) {
        const doc = overlay.docs.get(idKey);
        if (doc) docs.push(doc);
      } else {
        docs.push(record.doc);
      }
    }
  }
  if (overlay) for (const [idKey, doc] of overlay.docs) if (doc && !base?.has(idKey)) docs.push(doc);
  return docs;
}

/**
 * One document (by canonical `_id` key) as a transaction sees it.
 *
 * @example
 * ```ts
 * transactionDocument(txn, 'app.users', users, canonicalKey(1)); // { _id: 1, … } or undefined
 * ```
 */
export function transactionDocument(
  txn: Transaction,
  ns: string,
  collection: Collection | undefined,
  idKey: string,
): Doc | undefined {
  txn.assertUsable();
  const overlay = txn.overlays.get(ns);
  if (overlay?.docs.has(idKey)) return overlay.docs.get(idKey) ?? undefined;
  return txn.baseRecords(ns, collection)?.get(idKey)?.doc;
}
