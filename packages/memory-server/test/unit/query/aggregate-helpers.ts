import type { Doc } from '../../../src/bson.js';
import { type PipelineContext, runPipeline } from '../../../src/query/aggregate.js';

/** A pipeline context over an in-memory map of `db.coll` → documents, recording $out/$merge writes. */
export function makeContext(
  collections: Record<string, Doc[]> = {},
): PipelineContext & { writes: { target: string; docs: Doc[]; stage: string; spec: Doc }[] } {
  const writes: { target: string; docs: Doc[]; stage: string; spec: Doc }[] = [];
  return {
    dbName: 'test',
    collectionName: 'c',
    resolveCollection: (db, coll) => collections[`${db}.${coll}`] ?? [],
    writeCollection: (target, docs, stage, spec) => {
      writes.push({ target: `${target.db}.${target.coll}`, docs, stage, spec });
    },
    writes,
  };
}

/** Runs a pipeline with a default context. */
export function run(docs: Doc[], pipeline: Doc[], ctx: PipelineContext = makeContext()): Doc[] {
  return runPipeline(docs, pipeline, ctx);
}
