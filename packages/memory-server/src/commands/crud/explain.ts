import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { countOption, docOption, targetCollection } from './command-args.js';
import { explainAggregate, explainRead, type Verbosity } from './explain-plan.js';
import { aggregatePipeline, aggregateTarget } from './pipeline-runner.js';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

function explainWrite(ctx: CommandContext, inner: Doc, kind: 'update' | 'delete', verbosity: Verbosity): Doc {
  const collection = targetCollection(inner, kind, ctx.dbName);
  const statements = inner[kind === 'update' ? 'updates' : 'deletes'];
  const statement = (Array.isArray(statements) ? statements[0] : undefined) as Doc | undefined;
  if (!statement)
    throw new ServerError(
      { code: 16, codeName: 'InvalidLength' },
      `explain of ${kind} needs exactly one statement`,
    );
  const filter = docOption(statement, 'q', kind) ?? {};
  const multi =
    kind === 'update'
      ? statement['multi'] === true
      : statement['limit'] !== 1 && Number(statement['limit'] ?? 0) === 0;
  return explainRead(
    ctx,
    collection,
    { filter, hint: statement['hint'], ...(multi ? {} : { limit: 1 }) },
    verbosity,
    inner,
    (stage) => ({
      stage: kind === 'update' ? 'UPDATE' : 'DELETE',
      inputStage: stage,
    }),
  );
}

/**
 * `explain`: the query plan of a find, aggregate, count, distinct, update, delete or
 * findAndModify — `IDHACK`, `IXSCAN` (with `indexName`) or `COLLSCAN` — plus `executionStats`
 * when the verbosity asks for it. Writes are planned, never executed.
 *
 * @example
 * ```ts
 * // { explain: { find: 'users', filter: { email: 'a' } }, verbosity: 'queryPlanner' }
 * // → { queryPlanner: { winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'email_1' } } }, … }
 * ```
 */
export const explainCommand: CommandSpec = {
  name: 'explain',
  allowedInTransaction: false,
  handler(cmd, ctx) {
    const inner = docOption(cmd, 'explain', 'explain');
    if (!inner) throw new ServerError('FailedToParse', 'explain command requires a nested object');
    const rawVerbosity = cmd['verbosity'] ?? 'allPlansExecution';
    if (typeof rawVerbosity !== 'string' || !VERBOSITIES.has(rawVerbosity)) {
      throw new ServerError(
        'BadValue',
        `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`,
      );
    }
    const verbosity = rawVerbosity as Verbosity;
    const name = Object.keys(inner)[0] ?? '';
    switch (name) {
      case 'find': {
        const collection = targetCollection(inner, 'find', ctx.dbName);
        return explainRead(
          ctx,
          collection,
          {
            filter: docOption(inner, 'filter', 'find') ?? {},
            sort: docOption(inner, 'sort', 'find'),
            projection: docOption(inner, 'projection', 'find'),
            skip: countOption(inner, 'skip', 'find'),
            limit: Math.abs(countOption(inner, 'limit', 'find', true) ?? 0),
            hint: inner['hint'],
          },
          verbosity,
          inner,
        );
      }
      case 'aggregate':
        return explainAggregate(
          ctx,
          aggregateTarget(inner, ctx.dbName),
          aggregatePipeline(inner),
          inner,
          verbosity,
        );
      case 'count': {
        const collection = targetCollection(inner, 'count', ctx.dbName);
        const filter = docOption(inner, 'query', 'count') ?? {};
        return explainRead(ctx, collection, { filter, hint: inner['hint'] }, verbosity, inner, (stage) => ({
          stage: 'COUNT',
          inputStage: stage,
        }));
      }
      case 'distinct': {
        const collection = targetCollection(inner, 'distinct', ctx.dbName);
        const filter = docOption(inner, 'query', 'distinct') ?? {};
        return explainRead(ctx, collection, { filter }, verbosity, inner, (stage) => ({
          stage: 'PROJECTION_DEFAULT',
          inputStage: stage,
        }));
      }
      case 'update':
      case 'delete':
        return explainWrite(ctx, inner, name, verbosity);
      case 'findAndModify':
      case 'findandmodify': {
        const collection = targetCollection(inner, name, ctx.dbName);
        const filter = docOption(inner, 'query', 'findAndModify') ?? {};
        const kind = inner['remove'] === true ? 'DELETE' : 'UPDATE';
        return explainRead(
          ctx,
          collection,
          { filter, sort: docOption(inner, 'sort', 'findAndModify'), limit: 1 },
          verbosity,
          inner,
          (stage) => ({ stage: kind, inputStage: stage }),
        );
      }
      default:
        throw new ServerError('CommandNotFound', `Explain failed due to unknown command: ${name}`);
    }
  },
};
