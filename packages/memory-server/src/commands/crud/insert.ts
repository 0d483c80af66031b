import type { Doc } from '../../bson.js';
import { validateNamespace } from '../../storage/document-rules.js';
import type { CommandSpec } from '../types.js';
import { assertNotView } from './view-guard.js';
import { arrayOption, boolOption, targetCollection } from './command-args.js';
import { asStatement, checkBatchSize, runStatements } from './write-errors.js';

/**
 * `insert`: inserts documents, reporting per-document `writeErrors` (E11000 with
 * `keyPattern`/`keyValue`); an ordered batch stops at the first error.
 *
 * @example
 * ```ts
 * // { insert: 'users', documents: [{ _id: 1 }, { _id: 1 }] } → { n: 1, writeErrors: [{ index: 1, code: 11000, … }] }
 * ```
 */
export const insertCommand: CommandSpec = {
  name: 'insert',
  allowedInTransaction: true,
  isWrite: true,
  handler(cmd, ctx) {
    const collection = targetCollection(cmd, 'insert', ctx.dbName);
    const documents = arrayOption(cmd, 'documents', 'insert');
    checkBatchSize(documents);
    const ordered = boolOption(cmd, 'ordered', true);
    if (!ctx.engine.getCollection(ctx.dbName, collection)) validateNamespace(ctx.dbName, collection);
    assertNotView(ctx, collection);
    const writeOptions = { bypassValidation: boolOption(cmd, 'bypassDocumentValidation') };
    let n = 0;
    const writeErrors = runStatements(documents, ordered, (statement) => {
      ctx.engine.insertDocument(
        ctx.dbName,
        collection,
        asStatement(statement, 'insert', 'documents'),
        ctx.txn,
        writeOptions,
      );
      n += 1;
    });
    const reply: Doc = { n };
    if (writeErrors.length > 0) reply['writeErrors'] = writeErrors;
    return reply;
  },
};
