import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { compileFilter } from '../../query/match.js';
import { planNearFind } from '../../storage/geo-near.js';
import { toNumber } from '../../storage/numbers.js';
import type { CommandSpec } from '../types.js';
import { resolveCollation } from './collation-option.js';
import { docOption } from './command-args.js';
import { parseStatementBatch } from './write-batch.js';
import { runStatements } from './write-errors.js';

const STATEMENT_FIELDS = new Set(['q', 'limit', 'hint', 'collation', 'sampleId']);

/**
 * `delete`: runs delete statements `{ q, limit: 0 | 1, hint }`, replying `{ n, writeErrors? }`.
 *
 * @example
 * ```ts
 * // { delete: 'users', deletes: [{ q: { age: { $lt: 18 } }, limit: 0 }] } → { n: 3 }
 * ```
 */
export const deleteCommand: CommandSpec = {
  name: 'delete',
  allowedInTransaction: true,
  isWrite: true,
  handler(cmd, ctx) {
    const { collection, statements, ordered, variables } = parseStatementBatch(
      cmd,
      ctx,
      'delete',
      'deletes',
      STATEMENT_FIELDS,
    );
    let n = 0;
    const writeErrors = runStatements(statements, ordered, (statement) => {
      const limit = toNumber(statement['limit']) ?? 0;
      if (limit !== 0 && limit !== 1) {
        throw new ServerError(
          'FailedToParse',
          `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`,
        );
      }
      const filter = docOption(statement, 'q', 'delete.deletes') ?? {};
      // `$near` orders the matches (a limit-1 delete removes the nearest).
      const near = planNearFind(ctx.engine, ctx.dbName, collection, ctx.txn, filter);
      const rest = near ? near.rest : filter;
      const compiled = compileFilter(rest, {
        variables,
        collation: resolveCollation(ctx, collection, statement['collation']),
      });
      const read = ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, {
        filter: rest,
        compiled,
        hint: statement['hint'],
      });
      const matched = near ? near.order(read) : read;
      for (const doc of limit === 1 ? matched.slice(0, 1) : matched) {
        ctx.engine.deleteDocument(ctx.dbName, collection, doc, ctx.txn);
        n += 1;
      }
    });
    const reply: Doc = { n };
    if (writeErrors.length > 0) reply['writeErrors'] = writeErrors;
    return reply;
  },
};
