import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { compileFilter } from '../../query/match.js';
import { isReplacement } from '../../query/update.js';
import { validateNamespace } from '../../storage/document-rules.js';
import type { WriteOptions } from '../../storage/engine.js';
import { planNearFind } from '../../storage/geo-near.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { boolOption, docOption } from './command-args.js';
import { resolveCollation } from './collation-option.js';
import { checkUpdate, updatedDocument, upsertDocument, type UpdateSpec } from './update-document.js';
import { parseStatementBatch } from './write-batch.js';
import { runStatements } from './write-errors.js';

/** Fields of an update statement MongoDB 7.0 accepts (`sort` arrived in 8.0). */
const STATEMENT_FIELDS = new Set([
  'q',
  'u',
  'c',
  'multi',
  'upsert',
  'upsertSupplied',
  'arrayFilters',
  'hint',
  'collation',
  'sampleId',
]);

interface StatementResult {
  n: number;
  nModified: number;
  upsertedId?: unknown;
}

function updateSpecOf(statement: Doc, variables: Doc | undefined): UpdateSpec {
  const update = statement['u'];
  if (update === null || typeof update !== 'object') {
    throw new ServerError('FailedToParse', "BSON field 'update.updates.u' is missing but a required field");
  }
  const arrayFilters = statement['arrayFilters'];
  if (arrayFilters !== undefined && !Array.isArray(arrayFilters)) {
    throw new ServerError(
      'TypeMismatch',
      "BSON field 'update.updates.arrayFilters' is the wrong type, expected type 'array'",
    );
  }
  const constants = docOption(statement, 'c', 'update.updates');
  const merged = variables || constants ? { ...variables, ...constants } : undefined;
  return {
    update: update as Doc | Doc[],
    arrayFilters: arrayFilters as Doc[] | undefined,
    variables: merged,
  };
}

/**
 * Runs one update statement (`{ q, u, multi, upsert, arrayFilters, hint, c }`).
 *
 * @example
 * ```ts
 * runUpdateStatement(ctx, 'users', { q: { _id: 1 }, u: { $set: { a: 1 } } }, undefined); // { n: 1, nModified: 1 }
 * ```
 */
export function runUpdateStatement(
  ctx: CommandContext,
  collection: string,
  statement: Doc,
  variables: Doc | undefined,
  writeOptions: WriteOptions = {},
): StatementResult {
  const filter = docOption(statement, 'q', 'update.updates') ?? {};
  const spec = updateSpecOf(statement, variables);
  const multi = boolOption(statement, 'multi');
  const upsert = boolOption(statement, 'upsert');
  if (multi && isReplacement(spec.update)) {
    throw new ServerError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  checkUpdate(spec);
  // `$near` orders the matches (an updateOne changes the nearest), as MongoDB's geoNear plan does.
  const near = planNearFind(ctx.engine, ctx.dbName, collection, ctx.txn, filter);
  const rest = near ? near.rest : filter;
  const compiled = compileFilter(rest, {
    variables: spec.variables,
    collation: resolveCollation(ctx, collection, statement['collation']),
  });
  const read = ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, {
    filter: rest,
    compiled,
    hint: statement['hint'],
  });
  const matched = near ? near.order(read) : read;
  const targets = multi ? matched : matched.slice(0, 1);
  if (targets.length === 0) {
    if (!upsert) return { n: 0, nModified: 0 };
    validateNamespace(ctx.dbName, collection);
    const stored = ctx.engine.insertDocument(
      ctx.dbName,
      collection,
      upsertDocument(rest, compiled, spec),
      ctx.txn,
      writeOptions,
    );
    return { n: 1, nModified: 0, upsertedId: stored['_id'] };
  }
  let nModified = 0;
  for (const doc of targets) {
    const result = updatedDocument(doc, spec, compiled);
    if (!result.modified) continue;
    ctx.engine.replaceDocument(ctx.dbName, collection, doc, result.doc, ctx.txn, writeOptions);
    nModified += 1;
  }
  return { n: targets.length, nModified };
}

/**
 * `update`: runs update statements (operator, pipeline or replacement updates; multi, upsert,
 * arrayFilters, positional `$`), replying `{ n, nModified, upserted?, writeErrors? }`.
 *
 * @example
 * ```ts
 * // { update: 'users', updates: [{ q: { name: 'x' }, u: { $set: { age: 3 } }, upsert: true }] }
 * // → { n: 1, nModified: 0, upserted: [{ index: 0, _id: ObjectId('…') }] }
 * ```
 */
export const updateCommand: CommandSpec = {
  name: 'update',
  allowedInTransaction: true,
  isWrite: true,
  handler(cmd, ctx) {
    const { collection, statements, ordered, variables } = parseStatementBatch(
      cmd,
      ctx,
      'update',
      'updates',
      STATEMENT_FIELDS,
    );
    const writeOptions: WriteOptions = { bypassValidation: boolOption(cmd, 'bypassDocumentValidation') };
    let n = 0;
    let nModified = 0;
    const upserted: Doc[] = [];
    const writeErrors = runStatements(statements, ordered, (statement, index) => {
      const result = runUpdateStatement(ctx, collection, statement, variables, writeOptions);
      n += result.n;
      nModified += result.nModified;
      if (result.upsertedId !== undefined) upserted.push({ index, _id: result.upsertedId });
    });
    const reply: Doc = { n, nModified };
    if (upserted.length > 0) reply['upserted'] = upserted;
    if (writeErrors.length > 0) reply['writeErrors'] = writeErrors;
    return reply;
  },
};
