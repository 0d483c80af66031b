import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { compileFilter } from '../../query/match.js';
import { compileProjection } from '../../query/project.js';
import { validateNamespace } from '../../storage/document-rules.js';
import { planNearFind } from '../../storage/geo-near.js';
import type { CommandSpec } from '../types.js';
import { boolOption, docOption, letVariables, targetCollection } from './command-args.js';
import { resolveCollation } from './collation-option.js';
import { assertNotView } from './view-guard.js';
import { sortDocuments } from './find-documents.js';
import { checkUpdate, updatedDocument, upsertDocument, type UpdateSpec } from './update-document.js';

/**
 * `findAndModify`: updates, replaces or removes the first document matching `query` (after
 * `sort`) and returns it (`new: true` for the version after the update). Write errors such as
 * E11000 fail the command (with `keyPattern`/`keyValue`), as in MongoDB.
 *
 * @example
 * ```ts
 * // { findAndModify: 'c', query: { _id: 1 }, update: { $inc: { n: 1 } }, new: true }
 * // → { lastErrorObject: { n: 1, updatedExisting: true }, value: { _id: 1, n: 2 } }
 * ```
 */
export const findAndModifyCommand: CommandSpec = {
  name: 'findAndModify',
  aliases: ['findandmodify'],
  allowedInTransaction: true,
  isWrite: true,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, Object.keys(cmd)[0] ?? 'findAndModify', ctx.dbName);
    const filter = docOption(cmd, 'query', 'findAndModify') ?? {};
    const sort = docOption(cmd, 'sort', 'findAndModify');
    const fields = docOption(cmd, 'fields', 'findAndModify');
    const remove = boolOption(cmd, 'remove');
    const returnNew = boolOption(cmd, 'new');
    const upsert = boolOption(cmd, 'upsert');
    const rawUpdate = cmd['update'];
    const variables = letVariables(cmd, 'findAndModify');
    assertNotView(ctx, collection);
    const writeOptions = { bypassValidation: boolOption(cmd, 'bypassDocumentValidation') };
    if (remove && rawUpdate !== undefined)
      throw new ServerError('FailedToParse', 'Cannot specify both an update and remove=true');
    if (!remove && rawUpdate === undefined)
      throw new ServerError('FailedToParse', 'Either an update or remove=true must be specified');
    if (remove && upsert)
      throw new ServerError('FailedToParse', 'Cannot specify both upsert=true and remove=true ');
    if (remove && returnNew)
      throw new ServerError(
        'FailedToParse',
        "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
      );
    if (rawUpdate !== undefined && (rawUpdate === null || typeof rawUpdate !== 'object')) {
      throw new ServerError('FailedToParse', 'Update argument must be either an object or an array');
    }
    const arrayFilters = cmd['arrayFilters'];
    if (arrayFilters !== undefined && !Array.isArray(arrayFilters)) {
      throw new ServerError(
        'TypeMismatch',
        "BSON field 'findAndModify.arrayFilters' is the wrong type, expected type 'array'",
      );
    }
    const spec: UpdateSpec | undefined =
      rawUpdate === undefined
        ? undefined
        : { update: rawUpdate as Doc | Doc[], arrayFilters: arrayFilters as Doc[] | undefined, variables };
    if (spec) checkUpdate(spec);
    const collation = resolveCollation(ctx, collection, cmd['collation']);
    // `$near` picks the nearest match, as in a find (its clause leaves the compiled filter).
    const near = planNearFind(ctx.engine, ctx.dbName, collection, ctx.txn, filter);
    const rest = near ? near.rest : filter;
    const compiled = compileFilter(rest, { variables, collation });
    const project =
      fields && Object.keys(fields).length > 0
        ? compileProjection(fields, { filter: compiled })
        : (doc: Doc) => doc;
    const matched = sortDocuments(
      ((read) => (near ? near.order(read) : read))(
        ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, {
          filter: rest,
          compiled,
          hint: cmd['hint'],
        }),
      ),
      sort,
      collation,
    );
    const target = matched[0];

    if (remove) {
      if (!target) return { lastErrorObject: { n: 0 }, value: null };
      ctx.engine.deleteDocument(ctx.dbName, collection, target, ctx.txn);
      return { lastErrorObject: { n: 1 }, value: project(target) };
    }
    const update = spec as UpdateSpec;
    if (!target) {
      if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
      validateNamespace(ctx.dbName, collection);
      const stored = ctx.engine.insertDocument(
        ctx.dbName,
        collection,
        upsertDocument(rest, compiled, update),
        ctx.txn,
        writeOptions,
      );
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: stored['_id'] },
        value: returnNew ? project(stored) : null,
      };
    }
    const result = updatedDocument(target, update, compiled);
    const after = result.modified
      ? ctx.engine.replaceDocument(ctx.dbName, collection, target, result.doc, ctx.txn, writeOptions)
      : target;
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(returnNew ? after : target) };
  },
};
