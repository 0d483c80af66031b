import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { runPipeline, type PipelineContext } from '../../query/aggregate.js';
import type { Collation } from '../../query/collation.js';
import { compileFilter } from '../../query/match.js';
import { writePipelineOutput } from '../../storage/pipeline-writes.js';
import { attachTextScores, checkTextStages } from '../../query/text/text-operator.js';
import type { CommandContext } from '../types.js';
import { storageStage } from './storage-stages.js';

/**
 * The collection of an aggregate (`undefined` for the database-level `aggregate: 1`).
 *
 * @example
 * ```ts
 * aggregateTarget({ aggregate: 1 }, 'app'); // undefined (database-level)
 * ```
 */
export function aggregateTarget(cmd: Doc, dbName: string): string | undefined {
  const target = cmd['aggregate'];
  if (typeof target === 'string') {
    if (target === '') throw new ServerError('InvalidNamespace', `Invalid namespace specified '${dbName}.'`);
    return target;
  }
  if (target === 1 || (typeof target === 'object' && target !== null && Number(target.valueOf()) === 1))
    return undefined;
  throw new ServerError(
    'FailedToParse',
    'Invalid {aggregate: ...} value. The first field must be the name of a collection or the number 1.',
  );
}

/**
 * The pipeline of an aggregate, checked to be an array of stage documents.
 *
 * @example
 * ```ts
 * aggregatePipeline({ aggregate: 'c', pipeline: [{ $match: {} }] }); // [{ $match: {} }]
 * ```
 */
export function aggregatePipeline(cmd: Doc): Doc[] {
  const pipeline = cmd['pipeline'];
  if (!Array.isArray(pipeline)) {
    throw new ServerError(
      'TypeMismatch',
      "BSON field 'aggregate.pipeline' is the wrong type, expected type 'array'",
    );
  }
  for (const stage of pipeline) {
    if (
      stage === null ||
      typeof stage !== 'object' ||
      Array.isArray(stage) ||
      Object.keys(stage as Doc).length !== 1
    ) {
      throw new ServerError(
        { code: 40323, codeName: 'Location40323' },
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
  }
  return pipeline as Doc[];
}

/**
 * Runs a pipeline against a collection as the command's transaction sees it.
 *
 * @example
 * ```ts
 * executePipeline(ctx, 'orders', [{ $group: { _id: '$sku' } }], undefined); // [{ _id: 'a' }, …]
 * ```
 */
export function executePipeline(
  ctx: CommandContext,
  collection: string | undefined,
  pipeline: Doc[],
  variables: Doc | undefined,
  collation?: Collation,
): Doc[] {
  const writes = pipeline.some((stage) => '$out' in stage || '$merge' in stage);
  if (writes && ctx.txn) {
    throw new ServerError(
      'OperationNotSupportedInTransaction',
      `${'$out' in (pipeline.at(-1) ?? {}) ? '$out' : '$merge'} cannot be used in a transaction`,
    );
  }
  const pipelineContext: PipelineContext = {
    dbName: ctx.dbName,
    ...(collection !== undefined ? { collectionName: collection } : {}),
    ...(variables ? { variables } : {}),
    collation,
    resolveCollection: (db, name) => ctx.engine.readDocuments(db, name, ctx.txn),
    writeCollection: (target, docs, stage, spec) =>
      writePipelineOutput(ctx.engine, target, docs, stage, spec, ctx.txn),
  };
  const fromStorage = storageStage(ctx, collection, pipeline);
  if (fromStorage) return runPipeline(fromStorage.input, fromStorage.rest, pipelineContext);
  if (collection === undefined) return runPipeline([], pipeline, pipelineContext);
  const first = pipeline[0];
  const match = first?.['$match'];
  const text = checkTextStages(pipeline);
  if (
    match !== null &&
    typeof match === 'object' &&
    !Array.isArray(match) &&
    ((!('$expr' in match) && !variables) || text)
  ) {
    // A leading $match goes through storage so the _id fast path and equality indexes apply
    // (and `$text` finds its index and scores).
    const filter = match as Doc;
    const compiled = compileFilter(filter, { collation, variables });
    const input = attachTextScores(
      ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn, { filter, compiled, hint: undefined }),
      compiled.text,
    );
    return runPipeline(input, pipeline.slice(1), pipelineContext);
  }
  return runPipeline(ctx.engine.readDocuments(ctx.dbName, collection, ctx.txn), pipeline, pipelineContext);
}
