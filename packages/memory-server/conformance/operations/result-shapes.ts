import type { BulkWriteResult, ClientBulkWriteResult, DeleteResult, UpdateResult } from 'mongodb';

/**
 * A Map (the driver's client-bulk-write per-operation results) as a document keyed by index.
 *
 * @example
 * mapToDocument(new Map([[0, { insertedId: 1 }]])); // { '0': { insertedId: 1 } }
 */
export function mapToDocument(
  map: Map<unknown, unknown> | undefined,
  each: (v: unknown) => unknown = (v) => v,
): Record<string, unknown> | undefined {
  if (!map) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of map) out[String(key)] = each(value);
  return out;
}

/** An update result in the CRUD spec's shape (`upsertedId` only when there is one). */
export function updateResultShape(
  r:
    | UpdateResult
    | { matchedCount: number; modifiedCount: number; upsertedCount?: number; upsertedId?: unknown },
): Record<string, unknown> {
  const out: Record<string, unknown> = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount };
  if ('acknowledged' in r && r.acknowledged === false) return { acknowledged: false };
  if (r.upsertedCount !== undefined) out['upsertedCount'] = r.upsertedCount;
  if (r.upsertedId !== undefined && r.upsertedId !== null) out['upsertedId'] = r.upsertedId;
  return out;
}

/** A delete result in the CRUD spec's shape. */
export function deleteResultShape(r: DeleteResult): Record<string, unknown> {
  return r.acknowledged === false ? { acknowledged: false } : { deletedCount: r.deletedCount };
}

/** A collection-level bulk write result in the CRUD spec's shape. */
export function bulkWriteResultShape(r: BulkWriteResult): Record<string, unknown> {
  if ((r as { acknowledged?: boolean }).acknowledged === false) return { acknowledged: false };
  return {
    deletedCount: r.deletedCount,
    insertedCount: r.insertedCount,
    insertedIds: { ...r.insertedIds },
    matchedCount: r.matchedCount,
    modifiedCount: r.modifiedCount,
    upsertedCount: r.upsertedCount,
    upsertedIds: { ...r.upsertedIds },
  };
}

/** A client bulk write result in the CRUD spec's shape (per-operation maps as documents). */
export function clientBulkWriteResultShape(
  r: ClientBulkWriteResult | undefined,
): Record<string, unknown> | undefined {
  if (!r) return undefined;
  if (r.acknowledged === false) return { acknowledged: false };
  const out: Record<string, unknown> = {
    insertedCount: r.insertedCount,
    upsertedCount: r.upsertedCount,
    matchedCount: r.matchedCount,
    modifiedCount: r.modifiedCount,
    deletedCount: r.deletedCount,
  };
  const insert = mapToDocument(r.insertResults as Map<unknown, unknown> | undefined);
  const update = mapToDocument(r.updateResults as Map<unknown, unknown> | undefined, (v) =>
    updateResultShape(v as UpdateResult),
  );
  const del = mapToDocument(r.deleteResults as Map<unknown, unknown> | undefined);
  if (insert) out['insertResults'] = insert;
  if (update) out['updateResults'] = update;
  if (del) out['deleteResults'] = del;
  return out;
}
