import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { cursorBatchSize, cursorReply, targetCollection } from '../crud/command-args.js';
import { assertNotView } from '../crud/view-guard.js';
import type { CommandSpec } from '../types.js';

/**
 * `listIndexes`: the index specifications of a collection (`{ v: 2, key, name, …options }`) as a
 * cursor; NamespaceNotFound (26) for a missing collection.
 *
 * @example
 * ```ts
 * // { listIndexes: 'users' } → { cursor: { firstBatch: [{ v: 2, key: { _id: 1 }, name: '_id_' }], id: Long(0), ns: 'app.$cmd.listIndexes.users' } }
 * ```
 */
export const listIndexesCommand: CommandSpec = {
  name: 'listIndexes',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'listIndexes', ctx.dbName);
    const collection = ctx.engine.getCollection(ctx.dbName, name);
    if (!collection) throw new ServerError('NamespaceNotFound', `ns does not exist: ${ctx.dbName}.${name}`);
    assertNotView(ctx, name);
    const clustered = collection.options['clusteredIndex'] as Doc | undefined;
    const specs = [...collection.indexes.values()].map((index) =>
      // A clustered collection's `_id` index carries the clustered index's name and flag.
      index.definition.name === '_id_' && clustered
        ? { ...clustered, clustered: true }
        : index.definition.spec,
    );
    const ns = `${ctx.dbName}.$cmd.listIndexes.${name}`;
    const first = ctx.engine.cursors.open(ns, specs, {
      batchSize: cursorBatchSize(cmd, 'listIndexes') ?? Number.POSITIVE_INFINITY,
      sessionKey: ctx.sessionKey,
    });
    return cursorReply(ns, first, 'firstBatch');
  },
};
