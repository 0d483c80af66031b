/**
 * The aggregation engine: `runPipeline` and `evaluateExpression`.
 *
 * Split with mingo: none of it is delegated. mingo's comparator and arithmetic ignore BSON types
 * (Decimal128 compares as strings, longs past 2^53 go wrong, `$type` is wrong), and converting
 * values at its boundary for the string/date/array operators cost more than writing them, so
 * every operator and stage here is our own code over BSON-typed values:
 * - `expression/` — the evaluator and one file per operator family. Numbers travel as tagged
 *   `Num`s (`expression/numeric.ts`), so int+int stays `Int32` (→ `Long` → `Double` on overflow),
 *   anything with a double is a `Double` and anything with a decimal a `Decimal128`.
 *   Comparisons, equality, sets and `$group` keys use `compare.ts` (BSON order, `canonicalKey`).
 * - `aggregate/` — one file per stage family; `$match` and `$sort` reuse `match.ts`/`sort.ts`.
 * Documented gaps: `$median`/`$percentile` pick the value of rank ceil(p·n) instead of running the
 * server's t-digest; transcendental functions and
 * `$sqrt`/`$exp`/`$ln`/`$log*` on decimals are computed through doubles; `$function`/`$accumulator`
 * (server-side JavaScript) are unknown operators.
 */
import type { Doc } from '../bson.js';
import { type Env, evaluate, isDocument, rootEnv, withVars } from './expression/index.js';
import { fail } from './expression/fail.js';
import type { PipelineContext, StageContext, StageFn } from './aggregate/context.js';
import { $bucket, $bucketAuto, $count, $group, $sortByCount } from './aggregate/group.js';
import { $graphLookup, $lookup, $unionWith } from './aggregate/lookup.js';
import {
  $documents,
  $facet,
  $limit,
  $match,
  $project,
  $redact,
  $replaceRoot,
  $replaceWith,
  $sample,
  $skip,
  $sort,
  $unset,
  addFieldsStage,
  outputStage,
} from './aggregate/stages.js';
import { $unwind } from './aggregate/unwind.js';
import { $densify, $fill, $setWindowFields } from './aggregate/window.js';

export type { PipelineContext } from './aggregate/context.js';

const STAGES: Record<string, StageFn> = {
  $match,
  $project,
  $addFields: addFieldsStage('$addFields'),
  $set: addFieldsStage('$set'),
  $unset,
  $group,
  $sort,
  $limit,
  $skip,
  $unwind,
  $count,
  $sortByCount,
  $replaceRoot,
  $replaceWith,
  $lookup,
  $graphLookup,
  $unionWith,
  $facet,
  $bucket,
  $bucketAuto,
  $sample,
  $out: outputStage('$out'),
  $merge: outputStage('$merge'),
  $documents,
  $densify,
  $fill,
  $setWindowFields,
  $redact,
  // A leading $geoNear runs in storage (it needs the geo index); reaching it here means it is not first.
  $geoNear: () => {
    throw fail(40602, '$geoNear is only valid as the first stage in a pipeline');
  },
};

interface RunState {
  readonly ctx: PipelineContext;
  readonly now: Date;
}

function runStages(
  input: Doc[],
  pipeline: unknown,
  state: RunState,
  vars: Doc,
  nestedIn: string | undefined,
): Doc[] {
  if (!Array.isArray(pipeline)) throw fail(14, "'pipeline' option must be specified as an array");
  let docs = input;
  pipeline.forEach((stage: unknown, i) => {
    if (!isDocument(stage)) throw fail(14, "Each element of the 'pipeline' array must be an object");
    const keys = Object.keys(stage);
    if (keys.length !== 1)
      throw fail(40323, 'A pipeline stage specification object must contain exactly one field.');
    const name = keys[0] as string;
    const impl = STAGES[name];
    if (!impl) throw fail(40324, `Unrecognized pipeline stage name: '${name}'`);
    if (name === '$documents' && i !== 0)
      throw fail(40602, '$documents is only valid as the first stage in a pipeline');
    const sc: StageContext = {
      pipeline: state.ctx,
      now: state.now,
      vars,
      isLast: i === pipeline.length - 1,
      nestedIn,
      run: (docsIn, sub, stageName, extraVars) =>
        runStages(docsIn, sub, state, { ...vars, ...extraVars }, stageName),
      env: (doc: Doc): Env => ({ ...rootEnv(doc, vars, state.now) }),
    };
    docs = impl(docs, stage[name], sc);
  });
  return docs;
}

/**
 * Runs an aggregation pipeline over `input` (never mutating it) with MongoDB 7.0 semantics.
 *
 * @example
 * ```ts
 * runPipeline(docs, [{ $match: { qty: { $gt: 1 } } }, { $group: { _id: '$sku', n: { $sum: 1 } } }], {
 *   dbName: 'test',
 *   resolveCollection: () => [],
 * });
 * ```
 */
export function runPipeline(input: Iterable<Doc>, pipeline: Doc[], ctx: PipelineContext): Doc[] {
  return runStages([...input], pipeline, { ctx, now: new Date() }, { ...(ctx.variables ?? {}) }, undefined);
}

/**
 * Evaluates an aggregation expression against one document; used by `$expr` and pipeline-style
 * updates. `undefined` means "missing".
 *
 * @example
 * ```ts
 * evaluateExpression({ $multiply: ['$price', '$qty'] }, { price: new Int32(2), qty: new Int32(3) }); // Int32(6)
 * ```
 */
export function evaluateExpression(expr: unknown, doc: Doc, variables?: Doc): unknown {
  return evaluate(expr, withVars(rootEnv(doc), variables ?? {}));
}
