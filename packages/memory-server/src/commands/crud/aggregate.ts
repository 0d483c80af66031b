import { ServerError } from '../../errors.js';
import type { CommandSpec } from '../types.js';
import { resolveCollation } from './collation-option.js';
import { boolOption, cursorBatchSize, cursorReply, letVariables } from './command-args.js';
import { explainAggregate } from './explain-plan.js';
import { aggregatePipeline, aggregateTarget, executePipeline } from './pipeline-runner.js';

/**
 * `aggregate`: runs a pipeline and replies with a cursor (`cursor: { batchSize }` is required
 * unless `explain` is set). `$out`/`$merge` write through storage; `aggregate: 1` runs
 * database-level pipelines such as `$documents`.
 *
 * @example
 * ```ts
 * // { aggregate: 'orders', pipeline: [{ $group: { _id: '$sku', n: { $sum: 1 } } }], cursor: {} }
 * // → { cursor: { firstBatch: [...], id: Long(0), ns: 'app.orders' } }
 * ```
 */
export const aggregateCommand: CommandSpec = {
  name: 'aggregate',
  allowedInTransaction: true,
  handler(cmd, ctx) {
    const collection = aggregateTarget(cmd, ctx.dbName);
    const pipeline = aggregatePipeline(cmd);
    const variables = letVariables(cmd, 'aggregate');
    const writer = pipeline.find((stage) => '$out' in stage || '$merge' in stage);
    if (writer && ctx.readConcernLevel === 'linearizable') {
      // Writing stages cannot honour a linearizable read (mongod checks this when parsing the pipeline).
      throw new ServerError(
        'InvalidOptions',
        `${'$out' in writer ? '$out' : '$merge'} cannot be used with a 'linearizable' read concern level`,
      );
    }
    if (boolOption(cmd, 'explain')) return explainAggregate(ctx, collection, pipeline, cmd, 'queryPlanner');
    if (cmd['cursor'] === undefined) {
      throw new ServerError(
        'FailedToParse',
        "The 'cursor' option is required, except for aggregate with the explain argument",
      );
    }
    const batchSize = cursorBatchSize(cmd, 'aggregate');
    const docs = executePipeline(
      ctx,
      collection,
      pipeline,
      variables,
      resolveCollation(ctx, collection, cmd['collation']),
    );
    const ns = collection === undefined ? `${ctx.dbName}.$cmd.aggregate` : `${ctx.dbName}.${collection}`;
    const first = ctx.engine.cursors.open(ns, docs, { batchSize, sessionKey: ctx.sessionKey });
    return cursorReply(ns, first, 'firstBatch');
  },
};
