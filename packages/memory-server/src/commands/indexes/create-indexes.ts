import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { parseIndexSpec, type IndexDefinition } from '../../storage/index-definition.js';
import { arrayOption, targetCollection } from '../crud/command-args.js';
import { assertNotView } from '../crud/view-guard.js';
import type { CommandSpec } from '../types.js';

/**
 * `createIndexes`: builds indexes (unique, compound, sparse, partial, TTL; text/geo/hashed as
 * metadata). An identical existing index is a no-op; conflicts raise 85/86; a unique index over
 * duplicates raises E11000 and nothing is created. Inside a transaction only on a new collection.
 *
 * @example
 * ```ts
 * // { createIndexes: 'users', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }] }
 * // → { numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: false }
 * ```
 */
export const createIndexesCommand: CommandSpec = {
  name: 'createIndexes',
  allowedInTransaction: true,
  isWrite: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'createIndexes', ctx.dbName);
    const specs = arrayOption(cmd, 'indexes', 'createIndexes');
    if (specs.length === 0) throw new ServerError('BadValue', 'Must specify at least one index to create');
    const definitions: IndexDefinition[] = specs.map((raw) => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new ServerError('TypeMismatch', "The 'indexes' field must be an array of index specifications");
      }
      return parseIndexSpec(raw as Doc);
    });
    assertNotView(ctx, name);
    const existing = ctx.engine.getCollection(ctx.dbName, name);
    if (ctx.txn && existing && existing.count > 0) {
      throw new ServerError(
        'OperationNotSupportedInTransaction',
        `Cannot create new indexes on existing collection ${ctx.dbName}.${name} in a multi-document transaction.`,
      );
    }
    const { collection, created } = ctx.engine.ensureCollection(ctx.dbName, name, ctx.txn);
    const numIndexesBefore = collection.indexes.size;
    const added: string[] = [];
    try {
      for (const definition of definitions) {
        if (collection.createIndex(definition) === 'created') added.push(definition.name);
      }
    } catch (error) {
      // All or nothing, as one createIndexes is a single index build in MongoDB.
      for (const indexName of added) collection.dropIndex(indexName);
      throw error;
    }
    const reply: Doc = {
      numIndexesBefore,
      numIndexesAfter: collection.indexes.size,
      createdCollectionAutomatically: created,
    };
    if (added.length === 0) reply['note'] = 'all indexes already exist';
    return reply;
  },
};
