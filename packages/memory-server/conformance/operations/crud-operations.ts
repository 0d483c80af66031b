import type { AnyBulkWriteOperation, Collection, Db, FindCursor, MongoClient } from 'mongodb';
import { splitArgs } from './operation-types.js';
import type { OperationHandler } from './operation-types.js';
import {
  bulkWriteResultShape,
  clientBulkWriteResultShape,
  deleteResultShape,
  updateResultShape,
} from './result-shapes.js';
import type { SpecDoc } from '../spec-types.js';

const coll = (target: unknown): Collection => target as Collection;

/** `returnDocument: 'After'` (spec spelling) → `'after'` (driver spelling). */
function findAndModifyOptions(options: Record<string, unknown>): Record<string, unknown> {
  const out = { ...options };
  if (typeof out['returnDocument'] === 'string')
    out['returnDocument'] = (out['returnDocument'] as string).toLowerCase();
  return out;
}

/** Spec client-bulk-write models (`{ insertOne: { namespace, document } }`) → driver models (`{ name: 'insertOne', … }`). */
function clientBulkModels(models: SpecDoc[]): unknown[] {
  return models.map((model) => {
    const [name, spec] = Object.entries(model)[0]!;
    return { name, ...(spec as SpecDoc) };
  });
}

/**
 * The CRUD spec's operations on collections, databases (`aggregate`) and clients
 * (`clientBulkWrite`), with results in the spec's shapes.
 *
 * @example
 * await crudOperations.insertOne!(collection, { document: { _id: 1 } }, ctx); // { insertedId: 1 }
 */
export const crudOperations: Record<string, OperationHandler> = {
  async insertOne(target, args) {
    const [[document], options] = splitArgs(args, ['document']);
    const r = await coll(target).insertOne(document as SpecDoc, options);
    return r.acknowledged === false ? { acknowledged: false } : { insertedId: r.insertedId };
  },
  async insertMany(target, args) {
    const [[documents], options] = splitArgs(args, ['documents']);
    const r = await coll(target).insertMany(documents as SpecDoc[], options);
    return r.acknowledged === false ? { acknowledged: false } : { insertedIds: { ...r.insertedIds } };
  },
  async deleteOne(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return deleteResultShape(await coll(target).deleteOne(filter as SpecDoc, options));
  },
  async deleteMany(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return deleteResultShape(await coll(target).deleteMany(filter as SpecDoc, options));
  },
  async updateOne(target, args) {
    const [[filter, update], options] = splitArgs(args, ['filter', 'update']);
    return updateResultShape(await coll(target).updateOne(filter as SpecDoc, update as SpecDoc, options));
  },
  async updateMany(target, args) {
    const [[filter, update], options] = splitArgs(args, ['filter', 'update']);
    return updateResultShape(await coll(target).updateMany(filter as SpecDoc, update as SpecDoc, options));
  },
  async replaceOne(target, args) {
    const [[filter, replacement], options] = splitArgs(args, ['filter', 'replacement']);
    return updateResultShape(
      await coll(target).replaceOne(filter as SpecDoc, replacement as SpecDoc, options),
    );
  },
  async find(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return coll(target)
      .find((filter ?? {}) as SpecDoc, options)
      .toArray();
  },
  async findOne(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return coll(target).findOne((filter ?? {}) as SpecDoc, options);
  },
  async createFindCursor(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    const cursor = coll(target).find((filter ?? {}) as SpecDoc, options);
    // Send `find` now, so an error surfaces on this operation as the spec expects.
    await cursor.hasNext();
    return cursor;
  },
  async iterateUntilDocumentOrError(target) {
    return (target as FindCursor).next();
  },
  async iterateOnce(target) {
    return (target as FindCursor).tryNext();
  },
  async close(target) {
    await (target as FindCursor).close();
    return undefined;
  },
  async countDocuments(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return coll(target).countDocuments((filter ?? {}) as SpecDoc, options);
  },
  async estimatedDocumentCount(target, args) {
    return coll(target).estimatedDocumentCount(args);
  },
  async count(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return coll(target).count((filter ?? {}) as SpecDoc, options);
  },
  async distinct(target, args) {
    const [[fieldName, filter], options] = splitArgs(args, ['fieldName', 'filter']);
    return coll(target).distinct(String(fieldName), (filter ?? {}) as SpecDoc, options);
  },
  async aggregate(target, args) {
    const [[pipeline], options] = splitArgs(args, ['pipeline']);
    return (target as Collection | Db).aggregate(pipeline as SpecDoc[], options).toArray();
  },
  async bulkWrite(target, args) {
    const [[requests], options] = splitArgs(args, ['requests']);
    return bulkWriteResultShape(await coll(target).bulkWrite(requests as AnyBulkWriteOperation[], options));
  },
  async findOneAndUpdate(target, args) {
    const [[filter, update], options] = splitArgs(args, ['filter', 'update']);
    return coll(target).findOneAndUpdate(filter as SpecDoc, update as SpecDoc, findAndModifyOptions(options));
  },
  async findOneAndReplace(target, args) {
    const [[filter, replacement], options] = splitArgs(args, ['filter', 'replacement']);
    return coll(target).findOneAndReplace(
      filter as SpecDoc,
      replacement as SpecDoc,
      findAndModifyOptions(options),
    );
  },
  async findOneAndDelete(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return coll(target).findOneAndDelete(filter as SpecDoc, findAndModifyOptions(options));
  },
  async clientBulkWrite(target, args) {
    const [[models], options] = splitArgs(args, ['models']);
    const client = target as MongoClient;
    return clientBulkWriteResultShape(
      await client.bulkWrite(clientBulkModels(models as SpecDoc[]) as never, options),
    );
  },
};
