import type { Doc } from '../../bson.js';
import type { CommandContext } from '../types.js';
import {
  arrayOption,
  boolOption,
  checkStatementFields,
  letVariables,
  targetCollection,
} from './command-args.js';
import { assertNotView } from './view-guard.js';
import { asStatement, checkBatchSize } from './write-errors.js';

/** The parts every statement-batch write command (`update`, `delete`) starts from. */
export interface StatementBatch {
  readonly collection: string;
  /** The statements, each checked to be a document with only known fields. */
  readonly statements: Doc[];
  readonly ordered: boolean;
  readonly variables: Doc | undefined;
}

/**
 * Parses the common head of a batch write command in MongoDB's order: target collection, the
 * statement array and its size, `ordered`, `let`, the view guard, then every statement's fields
 * — unknown statement fields fail the whole command (IDL parsing), not one statement.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * const { collection, statements } = parseStatementBatch(cmd, ctx, 'delete', 'deletes', FIELDS);
 * // { delete: 'users', deletes: [{ q: {}, limit: 0 }] } → collection 'users', one statement
 * ```
 */
export function parseStatementBatch(
  cmd: Doc,
  ctx: CommandContext,
  commandName: string,
  field: string,
  statementFields: ReadonlySet<string>,
): StatementBatch {
  const collection = targetCollection(cmd, commandName, ctx.dbName);
  const raw = arrayOption(cmd, field, commandName);
  checkBatchSize(raw);
  const ordered = boolOption(cmd, 'ordered', true);
  const variables = letVariables(cmd, commandName);
  assertNotView(ctx, collection);
  const statements = raw.map((value) => {
    const statement = asStatement(value, commandName, field);
    checkStatementFields(statement, statementFields, `${commandName}.${field}`);
    return statement;
  });
  return { collection, statements, ordered, variables };
}
