import type { Doc } from '../../bson.js';
import { extractNear } from '../../query/geo/near-query.js';
import { compileFilter } from '../../query/match.js';
import type { QueryPlan } from '../../storage/query-plan.js';
import type { CommandContext } from '../types.js';
import { executePipeline } from './pipeline-runner.js';
import { findDocuments, type FindRequest } from './find-documents.js';

/** How much `explain` reports. */
export type Verbosity = 'queryPlanner' | 'executionStats' | 'allPlansExecution';

/**
 * The access stage of a plan, as MongoDB names it in `winningPlan`.
 *
 * @example
 * ```ts
 * accessStage({ stage: 'COLLSCAN' }, { a: 1 }); // { stage: 'COLLSCAN', filter: { a: 1 }, direction: 'forward' }
 * ```
 */
export function accessStage(plan: QueryPlan, filter: Doc): Doc {
  if (plan.stage === 'EOF') return { stage: 'EOF' };
  if (plan.stage === 'IDHACK') return { stage: 'IDHACK' };
  if (plan.stage === 'IXSCAN' && plan.index) {
    const index = plan.index;
    const ixscan: Doc = {
      stage: 'IXSCAN',
      keyPattern: index.key,
      indexName: index.name,
      isMultiKey: false,
      multiKeyPaths: Object.fromEntries(index.fields.map((field) => [field, []])),
      isUnique: index.unique,
      isSparse: index.sparse,
      isPartial: index.partialFilterExpression !== undefined,
      indexVersion: 2,
      direction: 'forward',
      indexBounds: Object.fromEntries(index.fields.map((field) => [field, ['[MinKey, MaxKey]']])),
    };
    return Object.keys(filter).length > 0
      ? { stage: 'FETCH', filter, inputStage: ixscan }
      : { stage: 'FETCH', inputStage: ixscan };
  }
  return { stage: 'COLLSCAN', filter, direction: 'forward' };
}

function wrapFind(stage: Doc, request: FindRequest): Doc {
  let current = stage;
  if (request.sort && Object.keys(request.sort).length > 0 && !('$natural' in request.sort)) {
    current = {
      stage: 'SORT',
      sortPattern: request.sort,
      memLimit: 104857600,
      type: 'simple',
      inputStage: current,
    };
  }
  if (request.skip) current = { stage: 'SKIP', skipAmount: request.skip, inputStage: current };
  if (request.limit) current = { stage: 'LIMIT', limitAmount: request.limit, inputStage: current };
  if (request.projection && Object.keys(request.projection).length > 0) {
    current = { stage: 'PROJECTION_DEFAULT', transformBy: request.projection, inputStage: current };
  }
  return current;
}

function serverInfo(ctx: CommandContext): Doc {
  const [host, port] = ctx.server.hostAndPort.split(':');
  return {
    host: host ?? '127.0.0.1',
    port: Number(port ?? 0),
    version: '7.0.0',
    gitVersion: 'memory-server',
  };
}

function queryPlanner(ns: string, filter: Doc, winningPlan: Doc): Doc {
  return {
    namespace: ns,
    indexFilterSet: false,
    parsedQuery: filter,
    maxIndexedOrSolutionsReached: false,
    maxIndexedAndSolutionsReached: false,
    maxScansToExplodeReached: false,
    winningPlan,
    rejectedPlans: [],
  };
}

function executionStats(
  winningPlan: Doc,
  nReturned: number,
  docsExamined: number,
  keysExamined: number,
): Doc {
  return {
    executionSuccess: true,
    nReturned,
    executionTimeMillis: 0,
    totalKeysExamined: keysExamined,
    totalDocsExamined: docsExamined,
    executionStages: {
      ...winningPlan,
      nReturned,
      executionTimeMillisEstimate: 0,
      works: docsExamined + 1,
      advanced: nReturned,
    },
  };
}

/** Shared shape of every explain reply. */
function explainReply(ctx: CommandContext, planner: Doc, stats: Doc | undefined, command: Doc): Doc {
  const reply: Doc = { explainVersion: '1', queryPlanner: planner };
  if (stats) reply['executionStats'] = stats;
  reply['command'] = command;
  reply['serverInfo'] = serverInfo(ctx);
  return reply;
}

/**
 * The explain of a find-like read (find, count, distinct, and the read part of writes).
 *
 * @example
 * ```ts
 * explainRead(ctx, 'users', { filter: { email: 'a' } }, 'queryPlanner', cmd)['queryPlanner']; // { winningPlan, … }
 * ```
 */
export function explainRead(
  ctx: CommandContext,
  collection: string,
  request: FindRequest,
  verbosity: Verbosity,
  command: Doc,
  wrap: (stage: Doc) => Doc = (stage) => stage,
): Doc {
  const ns = `${ctx.dbName}.${collection}`;
  // A `$near` clause is ordering, not matching: plan the rest of the filter.
  const filter = extractNear(request.filter)?.rest ?? request.filter;
  const compiled = compileFilter(filter, request.variables ? { variables: request.variables } : undefined);
  const plan = ctx.engine.plan(ctx.dbName, collection, { filter, compiled, hint: request.hint });
  const winningPlan = wrap(wrapFind(accessStage(plan, request.filter), request));
  let stats: Doc | undefined;
  if (verbosity !== 'queryPlanner') {
    const result = findDocuments(ctx.engine, ctx.dbName, collection, ctx.txn, request);
    const total = ctx.engine.getCollection(ctx.dbName, collection)?.count ?? 0;
    const examined = plan.idKeys ? plan.idKeys.length : plan.indexIds ? plan.indexIds.size : total;
    const keys = plan.stage === 'COLLSCAN' || plan.stage === 'EOF' ? 0 : examined;
    stats = executionStats(winningPlan, result.docs.length, examined, keys);
  }
  return explainReply(ctx, queryPlanner(ns, request.filter, winningPlan), stats, command);
}

/**
 * The explain of an aggregate: a `$cursor` stage for the leading `$match`, then the other stages.
 *
 * @example
 * ```ts
 * explainAggregate(ctx, 'orders', [{ $match: { sku: 'a' } }], cmd, 'queryPlanner')['stages']; // [{ $cursor: { queryPlanner } }, …]
 * ```
 */
export function explainAggregate(
  ctx: CommandContext,
  collection: string | undefined,
  pipeline: Doc[],
  command: Doc,
  verbosity: Verbosity,
): Doc {
  const ns = `${ctx.dbName}.${collection ?? '$cmd.aggregate'}`;
  const first = pipeline[0];
  const match = first && '$match' in first ? (first['$match'] as Doc) : {};
  const rest = first && '$match' in first ? pipeline.slice(1) : pipeline;
  const compiled = compileFilter(match);
  const plan =
    collection === undefined
      ? { stage: 'EOF' as const }
      : ctx.engine.plan(ctx.dbName, collection, { filter: match, compiled });
  const winningPlan = accessStage(plan, match);
  const cursorStage: Doc = { queryPlanner: queryPlanner(ns, match, winningPlan) };
  if (verbosity !== 'queryPlanner' && collection !== undefined) {
    const n = ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, { filter: match, compiled }).length;
    cursorStage['executionStats'] = executionStats(
      winningPlan,
      n,
      ctx.engine.getCollection(ctx.dbName, collection)?.count ?? 0,
      0,
    );
    executePipeline(
      ctx,
      collection,
      pipeline.filter((stage) => !('$out' in stage) && !('$merge' in stage)),
      undefined,
    );
  }
  return {
    explainVersion: '1',
    stages: [{ $cursor: cursorStage }, ...rest],
    command,
    serverInfo: serverInfo(ctx),
  };
}
