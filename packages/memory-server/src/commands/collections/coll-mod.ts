import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { Collection } from '../../storage/collection.js';
import type { CollectionIndex } from '../../storage/collection-index.js';
import { viewWriteError } from '../../storage/collection-kind.js';
import { parseIndexSpec } from '../../storage/index-definition.js';
import { isTruthy, toNumber } from '../../storage/numbers.js';
import { docOption, targetCollection } from '../crud/command-args.js';
import type { CommandSpec } from '../types.js';
import { validationOptions, viewOptions } from './collection-option-rules.js';

const GENERIC = new Set(['collMod', 'writeConcern', 'comment', '$db', 'lsid', 'txnNumber']);

/** Collection options `collMod` may change (besides `index`). */
const OPTION_FIELDS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'changeStreamPreAndPostImages',
  'expireAfterSeconds',
  'viewOn',
  'pipeline',
]);

/** Applies the collection-level options of a `collMod` to a copy of the stored options. */
function modifiedOptions(cmd: Doc, options: Doc, ns: string): Doc {
  const next: Doc = { ...options };
  const view = next['viewOn'] !== undefined;
  if (cmd['viewOn'] !== undefined || cmd['pipeline'] !== undefined) {
    if (!view)
      throw new ServerError(
        'InvalidOptions',
        `ns ${ns} is not a view; 'viewOn' and 'pipeline' apply only to views`,
      );
    Object.assign(
      next,
      viewOptions({ viewOn: cmd['viewOn'] ?? next['viewOn'], pipeline: cmd['pipeline'] ?? next['pipeline'] }),
    );
  } else if (view && Object.keys(cmd).some((field) => OPTION_FIELDS.has(field) || field === 'index')) {
    throw viewWriteError(ns);
  }
  Object.assign(next, validationOptions(cmd));
  const images = cmd['changeStreamPreAndPostImages'];
  if (images !== undefined) {
    if (images === null || typeof images !== 'object' || typeof (images as Doc)['enabled'] !== 'boolean') {
      throw new ServerError(
        { code: 40414, codeName: 'Location40414' },
        "BSON field 'changeStreamPreAndPostImages.enabled' is missing but a required field",
      );
    }
    next['changeStreamPreAndPostImages'] = { enabled: (images as Doc)['enabled'] };
  }
  const ttl = cmd['expireAfterSeconds'];
  if (ttl !== undefined) {
    if (next['timeseries'] === undefined && next['clusteredIndex'] === undefined) {
      throw new ServerError(
        'InvalidOptions',
        "'expireAfterSeconds' option is only supported on time-series and clustered collections",
      );
    }
    if (ttl === 'off') delete next['expireAfterSeconds'];
    else {
      const seconds = toNumber(ttl);
      if (seconds === undefined || seconds < 0)
        throw new ServerError(
          'InvalidOptions',
          "'expireAfterSeconds' must be a non-negative number or 'off'",
        );
      next['expireAfterSeconds'] = ttl;
    }
  }
  return next;
}

/** The 359 error for converting an index with duplicate keys to unique, listing the clashing `_id`s. */
function convertToUnique(collection: Collection, index: CollectionIndex): void {
  const groups = index.duplicateGroups();
  if (groups.length === 0) return;
  const violations = groups.map((ids) => ({
    ids: ids.map((idKey) => collection.records.get(idKey)?.doc['_id']),
  }));
  throw new ServerError(
    { code: 359, codeName: 'CannotConvertIndexToUnique' },
    'Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.',
    { extra: { violations } },
  );
}

/**
 * `collMod`: changes validation (`validator`, `validationLevel`, `validationAction`),
 * `changeStreamPreAndPostImages`, a view's `viewOn`/`pipeline`, the time-series/clustered
 * `expireAfterSeconds`, and one index (`index: { name | keyPattern, expireAfterSeconds?, hidden?,
 * prepareUnique?, unique? }`; `unique: true` needs `prepareUnique` first and fails with 359 while
 * duplicates remain).
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
      if (GENERIC.has(field) || field === 'index' || OPTION_FIELDS.has(field)) continue;
      throw new ServerError(
        { code: 40415, codeName: 'Location40415' },
        `BSON field 'collMod.${field}' is an unknown field.`,
      );
    }
    const options = modifiedOptions(cmd, collection.options, collection.ns);
    const spec = docOption(cmd, 'index', 'collMod');
    if (!spec) {
      collection.options = options;
      return {};
    }
    const target =
      typeof spec['name'] === 'string' ? spec['name'] : docOption(spec, 'keyPattern', 'collMod.index');
    if (target === undefined)
      throw new ServerError('InvalidOptions', 'must specify either index name or key pattern');
    const index = collection.findIndex(target);
    if (!index) {
      throw new ServerError(
        'IndexNotFound',
        `cannot find index ${typeof target === 'string' ? target : JSON.stringify(target)} for ns ${collection.ns}`,
      );
    }
    const reply: Doc = {};
    const updated: Doc = { ...index.definition.spec };
    delete updated['v'];
    if (spec['expireAfterSeconds'] !== undefined) {
      const ttl = toNumber(spec['expireAfterSeconds']);
      if (ttl === undefined || ttl < 0)
        throw new ServerError('BadValue', 'expireAfterSeconds must be a non-negative number');
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
    if (spec['prepareUnique'] !== undefined) {
      const prepare = isTruthy(spec['prepareUnique']);
      if (prepare !== (index.definition.spec['prepareUnique'] === true)) {
        reply['prepareUnique_old'] = index.definition.spec['prepareUnique'] === true;
        reply['prepareUnique_new'] = prepare;
      }
      if (prepare) updated['prepareUnique'] = true;
      else delete updated['prepareUnique'];
    }
    if (spec['unique'] !== undefined) {
      if (!isTruthy(spec['unique']))
        throw new ServerError('BadValue', "collMod can only change 'unique' to true");
      if (!index.definition.unique) {
        if (updated['prepareUnique'] !== true) {
          throw new ServerError(
            'InvalidOptions',
            "Cannot make index unique with 'unique: true' unless 'prepareUnique' has been set on the index first",
          );
        }
        convertToUnique(collection, index);
        reply['unique_new'] = true;
        updated['unique'] = true;
        delete updated['prepareUnique'];
      }
    }
    collection.updateIndexDefinition(index.definition.name, parseIndexSpec(updated));
    collection.options = options;
    return reply;
  },
};
