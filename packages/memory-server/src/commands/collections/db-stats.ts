import { toNumber } from '../../storage/numbers.js';
import type { CommandSpec } from '../types.js';

/**
 * `dbStats`: counts and estimated sizes of the command's database (sizes scaled by `scale`).
 *
 * @example
 * ```ts
 * // { dbStats: 1 } → { db: 'app', collections: 2, views: 0, objects: 10, dataSize: 812, … }
 * ```
 */
export const dbStatsCommand: CommandSpec = {
  name: 'dbStats',
  aliases: ['dbstats'],
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const scale = Math.max(1, toNumber(cmd['scale']) ?? 1);
    const collections = ctx.engine.collections(ctx.dbName);
    let objects = 0;
    let dataSize = 0;
    let indexes = 0;
    let indexSize = 0;
    for (const collection of collections) {
      objects += collection.count;
      dataSize += collection.dataSize;
      const sizes = Object.values(collection.indexSizes());
      indexes += sizes.length;
      indexSize += sizes.reduce((sum, size) => sum + size, 0);
    }
    const scaled = (value: number): number => Math.floor(value / scale);
    return {
      db: ctx.dbName,
      collections: collections.length,
      views: 0,
      objects,
      avgObjSize: objects > 0 ? dataSize / objects : 0,
      dataSize: scaled(dataSize),
      storageSize: scaled(dataSize),
      indexes,
      indexSize: scaled(indexSize),
      totalSize: scaled(dataSize + indexSize),
      scaleFactor: scale,
      fsUsedSize: 0,
      fsTotalSize: 0,
    };
  },
};
