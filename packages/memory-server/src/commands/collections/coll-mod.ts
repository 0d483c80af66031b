import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { parseIndexSpec } from '../../storage/index-definition.js';
import { isTruthy, toNumber } from '../../storage/numbers.js';
import { docOption, targetCollection } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';

const GENERIC = new Set(['collMod', 'writeConcern', 'comment', '$db', 'lsid', 'txnNumber']);

/**
 * `collMod` (validator-free subset): changes a TTL index's `expireAfterSeconds` or hides/unhides
 * an index (`index: { name | keyPattern, expireAfterSeconds?, hidden? }`). Validators, views and
 * other options are refused with CommandNotSupported.
 *
 * @example
 * ```ts
 * // { collMod: 'sessions', index: { name: 'at_1', expireAfterSeconds: 60 } }
 * // → { expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 }
 * ```
 */
export const collModCommand: CommandSpec = {
  name: 'collMod',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'collMod', ctx.dbName);
    const collection = ctx.engine.getCollection(ctx.dbName, name);
    if (!collection) throw new ServerError('NamespaceNotFound', `ns does not exist: ${ctx.dbName}.${name}`);
    for (const field of Object.keys(cmd)) {
      if (GENERIC.has(field) || field === 'index') continue;
      throw new ServerError(
        { code: 115, codeName: 'CommandNotSupported' },
        `The memory server's collMod supports only 'index' (expireAfterSeconds, hidden); '${field}' is not supported`,
      );
    }
    const spec = docOption(cmd, 'index', 'collMod');
    if (!spec) return {};
    const target = typeof spec['name'] === 'string' ? spec['name'] : docOption(spec, 'keyPattern', 'collMod.index');
    if (target === undefined) throw new ServerError('InvalidOptions', 'must specify either index name or key pattern');
    const index = collection.findIndex(target);
    if (!index) {
      throw new ServerError('IndexNotFound', `cannot find index ${typeof target === 'string' ? target : JSON.stringify(target)} for ns ${collection.ns}`);
    }
    const reply: Doc = {};
    const updated: Doc = { ...index.definition.spec };
    delete updated['v'];
    if (spec['expireAfterSeconds'] !== undefined) {
      const ttl = toNumber(spec['expireAfterSeconds']);
      if (ttl === undefined || ttl < 0) throw new ServerError('BadValue', 'expireAfterSeconds must be a non-negative number');
      if (index.definition.expireAfterSeconds === undefined) {
        throw new ServerError('InvalidOptions', 'no expireAfterSeconds field to update');
      }
      reply['expireAfterSeconds_old'] = index.definition.expireAfterSeconds;
      reply['expireAfterSeconds_new'] = ttl;
      updated['expireAfterSeconds'] = ttl;
    }
    if (spec['hidden'] !== undefined) {
      if (index.definition.name === '_id_') throw new ServerError('BadValue', "can't hide _id index");
      const hidden = isTruthy(spec['hidden']);
      if (hidden !== index.definition.hidden) {
        reply['hidden_old'] = index.definition.hidden;
        reply['hidden_new'] = hidden;
      }
      if (hidden) updated['hidden'] = true;
      else delete updated['hidden'];
    }
    collection.updateIndexDefinition(index.definition.name, parseIndexSpec(updated));
    return reply;
  },
};
