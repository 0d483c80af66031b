import type { Doc } from '../../bson.js';
import type { Collation } from '../collation.js';
import type { Env } from '../expression/evaluate.js';

/**
 * What a pipeline needs from the storage layer. `query/` knows nothing about storage, so other
 * collections are reached through these callbacks.
 */
export interface PipelineContext {
  dbName: string;
  collectionName?: string;
  variables?: Doc;
  /** The aggregate's collation: `$match` and `$sort` compare strings with it. */
  collation?: Collation | undefined;
  /** Documents of another collection of the same server (for $lookup, $unionWith, $graphLookup). */
  resolveCollection(dbName: string, collectionName: string): Doc[];
  /** Writes for $out / $merge (storage applies them, with unique-index checks). */
  writeCollection?(
    target: { db: string; coll: string },
    docs: Doc[],
    stage: '$out' | '$merge',
    spec: Doc,
  ): void;
}

/** What every stage implementation receives besides its input and spec. */
export interface StageContext {
  readonly pipeline: PipelineContext;
  /** `$$NOW` for the whole run. */
  readonly now: Date;
  /** User variables in scope (the aggregate's `let`, a `$lookup`'s `let`). */
  readonly vars: Doc;
  /** Whether this stage is the last one of its pipeline ($out/$merge must be). */
  readonly isLast: boolean;
  /** The stage whose sub-pipeline this is (`$facet`, `$lookup`, `$unionWith`), which forbids `$out`/`$merge`. */
  readonly nestedIn: string | undefined;
  /** Runs a sub-pipeline of stage `nestedIn` with the same context (plus extra variables). */
  run(docs: Doc[], pipeline: unknown, nestedIn: string, extraVars?: Doc): Doc[];
  /** The expression scope for one document. */
  env(doc: Doc): Env;
}

/** A stage implementation: pure, never mutates its input documents. */
export type StageFn = (docs: Doc[], spec: unknown, sc: StageContext) => Doc[];
