import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { canonicalKey } from '../../query/compare.js';
import { parseCollation } from '../../query/collation.js';
import { isTruthy, toNumber } from '../../storage/numbers.js';
import { targetCollection } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';
import { timeseriesOptions, validationOptions, viewOptions } from './collection-option-rules.js';

/** Options of `create` that are stored and echoed by `listCollections`. */
const STORED_OPTIONS = new Set([
  'capped',
  'size',
  'max',
  'collation',
  'idIndex',
  'storageEngine',
  'indexOptionDefaults',
  'changeStreamPreAndPostImages',
  'expireAfterSeconds',
  'clusteredIndex',
]);
/** Options the memory server cannot honour: refused with a clear message rather than ignored. */
const UNSUPPORTED_OPTIONS = new Set(['encryptedFields']);
/** Options checked and normalised by their own rules. */
const RULED_OPTIONS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'viewOn',
  'pipeline',
  'timeseries',
]);
/** Generic command fields that may accompany `create`. */
const IGNORED_FIELDS = new Set([
  'create',
  'autoIndexId',
  'flags',
  'temp',
  'writeConcern',
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  '$db',
]);

/**
 * Turns `create` options into the options a collection keeps (capped collections get a numeric
 * `size` and optional `max`). Throws for options the memory server does not support.
 *
 * @example
 * ```ts
 * collectionOptions({ create: 'log', capped: true, size: 1000 }); // { capped: true, size: 1024 }
 * ```
 */
export function collectionOptions(cmd: Doc): Doc {
  if (cmd['viewOn'] !== undefined) {
    for (const field of Object.keys(cmd)) {
      if (!IGNORED_FIELDS.has(field) && !['viewOn', 'pipeline', 'collation', 'comment'].includes(field)) {
        throw new ServerError('InvalidOptions', `option not supported on a view: ${field}`);
      }
    }
    return viewOptions(cmd);
  }
  if (cmd['pipeline'] !== undefined)
    throw new ServerError('BadValue', "'pipeline' requires 'viewOn' to also be specified");
  const options: Doc = {};
  for (const [field, value] of Object.entries(cmd)) {
    if (IGNORED_FIELDS.has(field) || RULED_OPTIONS.has(field)) continue;
    if (UNSUPPORTED_OPTIONS.has(field)) {
      throw new ServerError(
        { code: 115, codeName: 'CommandNotSupported' },
        `The memory server does not support the '${field}' collection option (queryable encryption is not implemented)`,
      );
    }
    if (!STORED_OPTIONS.has(field)) continue;
    options[field] = value;
  }
  if (options['collation'] !== undefined) {
    // The simple collation is no default at all; anything else must parse (2 BadValue for a bad locale).
    if (parseCollation(options['collation']) === undefined) delete options['collation'];
  }
  Object.assign(options, validationOptions(cmd));
  if (cmd['timeseries'] !== undefined) {
    if (options['capped'] !== undefined)
      throw new ServerError('InvalidOptions', 'Time-series collections may not be capped');
    options['timeseries'] = timeseriesOptions(cmd['timeseries']);
  }
  const ttl = options['expireAfterSeconds'];
  if (ttl !== undefined) {
    const seconds = toNumber(ttl);
    if (seconds === undefined || seconds < 0)
      throw new ServerError('InvalidOptions', "'expireAfterSeconds' must be a non-negative number");
    if (options['timeseries'] === undefined && options['clusteredIndex'] === undefined) {
      throw new ServerError(
        'InvalidOptions',
        "'expireAfterSeconds' is only supported on time-series and clustered collections",
      );
    }
  }
  const clustered = options['clusteredIndex'];
  if (clustered !== undefined) {
    const spec = clustered as Doc;
    const key = spec['key'] as Doc | undefined;
    if (
      clustered === null ||
      typeof clustered !== 'object' ||
      !key ||
      Object.keys(key).join() !== '_id' ||
      spec['unique'] !== true
    ) {
      throw new ServerError(
        'InvalidIndexSpecificationOption',
        'The clusteredIndex option requires { key: { _id: 1 }, unique: true }',
      );
    }
    // Stored normalised, as mongod reports it: the clustered `_id` index with its name and version.
    options['clusteredIndex'] = {
      v: 2,
      key,
      name: typeof spec['name'] === 'string' ? spec['name'] : '_id_',
      unique: true,
    };
  }
  if (options['capped'] !== undefined) {
    if (!isTruthy(options['capped'])) {
      delete options['capped'];
      delete options['size'];
      delete options['max'];
    } else {
      const size = toNumber(options['size']);
      if (size === undefined || size <= 0)
        throw new ServerError('InvalidOptions', "the 'size' field is required when 'capped' is true");
      options['capped'] = true;
      // mongod rounds capped sizes up to a multiple of 256 bytes.
      options['size'] = Math.ceil(size / 256) * 256;
      const max = toNumber(options['max']);
      if (max !== undefined && max > 0) options['max'] = max;
      else delete options['max'];
    }
  }
  return options;
}

/**
 * `create`: creates a collection (capped: `size`/`max`). Like MongoDB 7.0 it is a no-op when the
 * collection exists with the same options, and NamespaceExists (48) when the options differ.
 *
 * @example
 * ```ts
 * // { create: 'log', capped: true, size: 4096, max: 100 } → {}
 * ```
 */
export const createCommand: CommandSpec = {
  name: 'create',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const name = targetCollection(cmd, 'create', ctx.dbName);
    const options = collectionOptions(cmd);
    if (options['viewOn'] !== undefined && ctx.txn) {
      throw new ServerError(
        'OperationNotSupportedInTransaction',
        'Cannot create a view in a multi-document transaction.',
      );
    }
    const existing = ctx.engine.getCollection(ctx.dbName, name, ctx.txn);
    if (existing) {
      if (ctx.txn || canonicalKey(existing.options) !== canonicalKey(options)) {
        throw new ServerError('NamespaceExists', `Collection ${ctx.dbName}.${name} already exists.`);
      }
      return {};
    }
    ctx.engine.createCollection(ctx.dbName, name, options, ctx.txn);
    return {};
  },
};
