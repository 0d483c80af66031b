import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { Collection } from '../../storage/collection.js';
import { formatValue } from '../../storage/duplicate-key-error.js';
import { targetCollection } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

function resolveIndexNames(collection: Collection, target: unknown): string[] {
  if (target === '*') return collection.secondaryIndexes().map((index) => index.definition.name);
  const targets = Array.isArray(target) ? target : [target];
  const names: string[] = [];
  for (const item of targets) {
    if (typeof item === 'string') {
      if (item === '*' && Array.isArray(target))
        throw new ServerError('BadValue', "'*' cannot be used in an array of index names");
      if (!collection.indexes.has(item)) {
        throw new ServerError('IndexNotFound', `index not found with name [${item}]`);
      }
      names.push(item);
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const index = collection.findIndex(item as Doc);
      if (!index) throw new ServerError('IndexNotFound', `can't find index with key: ${formatValue(item)}`);
      names.push(index.definition.name);
    } else {
      throw new ServerError(
        'TypeMismatch',
        "The 'index' field must be a string, an object or an array of strings",
      );
    }
  }
  for (const name of names) {
    if (name === '_id_') throw new ServerError('InvalidOptions', 'cannot drop _id index');
  }
  return names;
}

/**
 * `dropIndexes`: drops indexes by name, key pattern, array of names, or `'*'` (all but `_id_`).
 * IndexNotFound (27) for unknown ones, InvalidOptions (72) for `_id_`, NamespaceNotFound (26) for
 * a missing collection.
 *
 * @example
 * ```ts
 * // { dropIndexes: 'users', index: 'email_1' } → { nIndexesWas: 2 }
 * ```
 */
export const dropIndexesCommand: CommandSpec = {
  name: 'dropIndexes',
  aliases: ['deleteIndexes'],
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, Object.keys(cmd)[0] ?? 'dropIndexes', ctx.dbName);
    const collection = ctx.engine.getCollection(ctx.dbName, name);
    if (!collection) throw new ServerError('NamespaceNotFound', `ns not found ${ctx.dbName}.${name}`);
    const target = cmd['index'];
    if (target === undefined)
      throw new ServerError(
        { code: 40414, codeName: 'Location40414' },
        "BSON field 'dropIndexes.index' is missing but a required field",
      );
    const nIndexesWas = collection.indexes.size;
    for (const indexName of resolveIndexNames(collection, target)) collection.dropIndex(indexName);
    const reply: Doc = { nIndexesWas };
    if (target === '*') reply['msg'] = 'non-_id indexes dropped for collection';
    return reply;
  },
};
