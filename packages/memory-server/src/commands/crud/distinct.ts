import { ServerError } from '../../errors.js';
import { canonicalKey, compareValues } from '../../query/compare.js';
import { compileFilter } from '../../query/match.js';
import { indexPathValues } from '../../storage/index-keys.js';
import type { CommandSpec } from '../types.js';
import { resolveCollation } from './collation-option.js';
import { docOption, targetCollection } from './command-args.js';

/**
 * `distinct`: the distinct values of `key` over the documents matching `query`. Array values are
 * unwound one level; values are deduplicated with MongoDB equality and returned in BSON order
 * (mongod collects them into an ordered set).
 *
 * @example
 * ```ts
 * // { distinct: 'users', key: 'tags', query: {} } → { values: ['a', 'b'] }
 * ```
 */
export const distinctCommand: CommandSpec = {
  name: 'distinct',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, 'distinct', ctx.dbName);
    const key = cmd['key'];
    if (typeof key !== 'string') {
      throw new ServerError(
        { code: 40414, codeName: 'Location40414' },
        "BSON field 'distinct.key' is missing but a required field",
      );
    }
    const filter = docOption(cmd, 'query', 'distinct') ?? {};
    const collation = resolveCollation(ctx, collection, cmd['collation']);
    const compiled = compileFilter(filter, { collation });
    const docs = ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, {
      filter,
      compiled,
      hint: cmd['hint'],
    });
    const seen = new Map<string, unknown>();
    for (const doc of docs) {
      for (const value of indexPathValues(doc, key)) {
        if (value === undefined) continue;
        const canonical = canonicalKey(value);
        if (!seen.has(canonical)) seen.set(canonical, value);
      }
    }
    const strings = collation?.compareStrings;
    const sorted = [...seen.values()].sort((a, b) => compareValues(a, b, strings));
    if (!strings) return { values: sorted };
    // Under a collation, values equal to their predecessor ('ping' after 'PING' at strength 2) collapse.
    return {
      values: sorted.filter((value, i) => i === 0 || compareValues(sorted[i - 1], value, strings) !== 0),
    };
  },
};
