import type { Doc } from '../../bson.js';
import { compileFilter } from '../../query/match.js';
import { boolOption, docOption } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

/**
 * `listDatabases` (admin): databases that hold at least one collection, with estimated
 * `sizeOnDisk` (documents plus indexes), `totalSize`; `nameOnly` and `filter` as in MongoDB.
 *
 * @example
 * ```ts
 * // { listDatabases: 1, nameOnly: true } → { databases: [{ name: 'app' }] }
 * ```
 */
export const listDatabasesCommand: CommandSpec = {
  name: 'listDatabases',
  adminOnly: true,
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const nameOnly = boolOption(cmd, 'nameOnly');
    const filter = docOption(cmd, 'filter', 'listDatabases');
    const compiled = filter ? compileFilter(filter) : undefined;
    const databases: Doc[] = [];
    let totalSize = 0;
    for (const name of ctx.engine.databaseNames()) {
      let sizeOnDisk = 0;
      for (const collection of ctx.engine.collections(name)) {
        sizeOnDisk +=
          collection.dataSize + Object.values(collection.indexSizes()).reduce((sum, size) => sum + size, 0);
      }
      const entry: Doc = nameOnly ? { name } : { name, sizeOnDisk, empty: false };
      if (compiled && !compiled.test({ name, sizeOnDisk, empty: false })) continue;
      databases.push(entry);
      totalSize += sizeOnDisk;
    }
    if (nameOnly) return { databases };
    return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)) };
  },
};
