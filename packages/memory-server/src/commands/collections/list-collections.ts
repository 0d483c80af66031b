import type { Doc } from '../../bson.js';
import { compileFilter } from '../../query/match.js';
import { boolOption, cursorBatchSize, cursorReply, docOption } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

/**
 * `listCollections`: one entry per collection — `{ name, type: 'collection', options, info: {
 * readOnly: false, uuid }, idIndex }` (or `{ name, type }` with `nameOnly`) — filtered by `filter`,
 * as a cursor on `<db>.$cmd.listCollections`.
 *
 * @example
 * ```ts
 * // { listCollections: 1, filter: { name: 'users' }, nameOnly: true }
 * // → { cursor: { firstBatch: [{ name: 'users', type: 'collection' }], id: Long(0), ns: 'app.$cmd.listCollections' } }
 * ```
 */
export const listCollectionsCommand: CommandSpec = {
  name: 'listCollections',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const filter = docOption(cmd, 'filter', 'listCollections') ?? {};
    const nameOnly = boolOption(cmd, 'nameOnly');
    const compiled = compileFilter(filter);
    const entries: Doc[] = [];
    for (const collection of ctx.engine.collections(ctx.dbName)) {
      const full: Doc = {
        name: collection.name,
        type: 'collection',
        options: collection.options,
        info: { readOnly: false, uuid: collection.uuid },
      };
      // mongod reports no idIndex for clustered collections.
      if (collection.options['clusteredIndex'] === undefined) full['idIndex'] = { v: 2, key: { _id: 1 }, name: '_id_' };
      if (!compiled.test(full)) continue;
      entries.push(nameOnly ? { name: collection.name, type: 'collection' } : full);
    }
    const ns = `${ctx.dbName}.$cmd.listCollections`;
    const first = ctx.engine.cursors.open(ns, entries, {
      batchSize: cursorBatchSize(cmd, 'listCollections') ?? Number.POSITIVE_INFINITY,
      sessionKey: ctx.sessionKey,
    });
    return cursorReply(ns, first, 'firstBatch');
  },
};
