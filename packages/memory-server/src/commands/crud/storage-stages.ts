import type { Doc } from '../../bson.js';
import type { Engine } from '../../storage/engine.js';
import { geoNearDocuments } from '../../storage/geo-near.js';
import { searchNotEnabled } from '../indexes/search-not-enabled.js';
import { localSessionDocuments } from '../sessions/list-local-sessions.js';
import type { CommandContext } from '../types.js';

/**
 * Stats of one collection as `collStats`/`$collStats` report them (sizes are estimates: BSON size
 * of the documents; storage size equals data size).
 *
 * @example
 * ```ts
 * collectionStats(engine, 'app', 'users').count; // 3
 * ```
 */
export function collectionStats(engine: Engine, dbName: string, name: string, scale = 1): Doc {
  const collection = engine.getCollection(dbName, name);
  const count = collection?.count ?? 0;
  const size = collection?.dataSize ?? 0;
  const indexSizes = collection?.indexSizes() ?? {};
  const totalIndexSize = Object.values(indexSizes).reduce((sum, value) => sum + value, 0);
  const scaled = (value: number): number => Math.floor(value / scale);
  const stats: Doc = {
    ns: `${dbName}.${name}`,
    size: scaled(size),
    count,
    avgObjSize: count > 0 ? Math.floor(size / count) : 0,
    numOrphanDocs: 0,
    storageSize: scaled(size),
    freeStorageSize: 0,
    capped: collection?.capped ?? false,
    nindexes: collection?.indexes.size ?? 0,
    indexBuilds: [],
    totalIndexSize: scaled(totalIndexSize),
    totalSize: scaled(size + totalIndexSize),
    indexSizes: Object.fromEntries(Object.entries(indexSizes).map(([key, value]) => [key, scaled(value)])),
    scaleFactor: scale,
  };
  if (collection?.capped) {
    if (collection.options['max'] !== undefined) stats['max'] = collection.options['max'];
    if (collection.options['size'] !== undefined)
      stats['maxSize'] = scaled(Number(collection.options['size']));
  }
  return stats;
}

/**
 * Resolves storage-backed first stages (`$collStats`, `$indexStats`, `$listLocalSessions`) into documents, returning
 * the remaining pipeline and its input, or undefined when the pipeline starts with neither.
 *
 * @example
 * ```ts
 * storageStage(ctx, 'users', [{ $indexStats: {} }])?.input; // one document per index
 * ```
 */
export function storageStage(
  ctx: CommandContext,
  collection: string | undefined,
  pipeline: readonly Doc[],
): { input: Doc[]; rest: Doc[] } | undefined {
  const first = pipeline[0];
  if (!first) return undefined;
  const rest = pipeline.slice(1);
  if ('$listLocalSessions' in first) return { input: localSessionDocuments(ctx), rest };
  if (collection === undefined) return undefined;
  if ('$collStats' in first) {
    const spec = (first['$collStats'] ?? {}) as Doc;
    const doc: Doc = {
      ns: `${ctx.dbName}.${collection}`,
      host: ctx.server.hostAndPort,
      localTime: new Date(),
    };
    if (spec['storageStats'] !== undefined)
      doc['storageStats'] = collectionStats(ctx.engine, ctx.dbName, collection);
    if (spec['count'] !== undefined)
      doc['count'] = ctx.engine.getCollection(ctx.dbName, collection)?.count ?? 0;
    return { input: [doc], rest };
  }
  if ('$listSearchIndexes' in first) throw searchNotEnabled();
  if ('$geoNear' in first)
    return { input: geoNearDocuments(ctx.engine, ctx.dbName, collection, ctx.txn, first['$geoNear']), rest };
  if ('$indexStats' in first) {
    const coll = ctx.engine.getCollection(ctx.dbName, collection);
    const input = [...(coll?.indexes.values() ?? [])].map((index) => ({
      name: index.definition.name,
      key: index.definition.key,
      host: ctx.server.hostAndPort,
      accesses: { ops: 0, since: ctx.server.startedAt },
      spec: index.definition.spec,
    }));
    return { input, rest };
  }
  return undefined;
}
