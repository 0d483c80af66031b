/**
 * CPU-only benchmarks (no server): loading driver documents into documents, and building +
 * validating + converting new documents to their stored form — this ODM vs Mongoose, with the
 * BSON decoding of the same documents as the yardstick.
 *
 * @example
 * const figures = await runCpu({ documents: 100_000, runs: 5 });
 * figures.load.odm.median; // ms per 100k documents
 */
import { BSON } from 'mongodb';
import { BenchPost, MongoosePost, makePost, makeStoredPost, makeUserIds } from './models.js';
import { roundRobin, type Stat } from './stats.js';

/** Sizes and repetitions of the CPU benchmarks. */
export interface CpuOptions {
  documents: number;
  runs: number;
}

/** Milliseconds per `documents` documents, per contender. */
export interface CpuFigures {
  load: { deserialize: Stat; odm: Stat; mongoose: Stat };
  build: { odm: Stat; mongoose: Stat };
}

/**
 * Mongoose 9's `validateSync()` without its per-call deprecation warning: `validateSync` is
 * `process.emitWarning(…)` followed by `$__validateSync`, and the warning alone would dominate
 * the timing. `validate()`, the replacement, is async, which only adds cost.
 */
export function mongooseValidateSync(doc: object): Error | undefined {
  return (doc as { $__validateSync(): Error | undefined }).$__validateSync();
}

/** The BSON bytes of `count` stored posts, as they arrive from the server. */
export function storedPostBytes(count: number): Uint8Array[] {
  const userIds = makeUserIds(100);
  return Array.from({ length: count }, (_, i) => BSON.serialize(makeStoredPost(i, userIds)));
}

/**
 * Checks that both ODMs see the data the same way (valid, same stored shape), so the timings
 * compare the same work.
 *
 * @throws {Error} when a contender rejects the data or stores a different shape.
 */
export function checkSameShape(): void {
  const userIds = makeUserIds(3);
  const input = makePost(1, userIds);
  const odm = new BenchPost(input as never);
  odm.validate();
  const m = new MongoosePost(makePost(1, userIds));
  const err = mongooseValidateSync(m);
  if (err) throw err;
  const a = BSON.EJSON.stringify(odm.toMongo());
  const { _id, ...b } = m.toObject() as Record<string, unknown>;
  const want = BSON.EJSON.stringify(input);
  if (a !== want) throw new Error(`ODM stores a different shape:\n${a}\n${want}`);
  if (BSON.EJSON.stringify(b) !== want)
    throw new Error(`Mongoose stores a different shape:\n${BSON.EJSON.stringify(b)}\n${want}`);
  if (_id === undefined) throw new Error('Mongoose gave no _id');
}

/**
 * Runs the CPU benchmarks.
 *
 * @example
 * await runCpu({ documents: 10_000, runs: 2 });
 */
export async function runCpu(options: CpuOptions): Promise<CpuFigures> {
  const { documents: n, runs } = options;
  checkSameShape();
  const bytes = storedPostBytes(n);
  // The warm-up round uses a tenth of the documents: enough to optimise the code, and it keeps
  // a full run within its time budget.
  const warmCount = Math.ceil(n / 10);
  const decodeAll = (warmUp: boolean): Record<string, unknown>[] =>
    (warmUp ? bytes.slice(0, warmCount) : bytes).map((b) => BSON.deserialize(b));

  const load = await roundRobin(runs, {
    deserialize: {
      prepare: (warmUp: boolean) => (warmUp ? bytes.slice(0, warmCount) : bytes),
      run: (input: Uint8Array[]) => input.map((b) => BSON.deserialize(b)),
    },
    odm: {
      prepare: decodeAll,
      run: (raws: Record<string, unknown>[]) => raws.map((r) => BenchPost.fromMongo(r)),
    },
    mongoose: {
      prepare: decodeAll,
      run: (raws: Record<string, unknown>[]) => raws.map((r) => MongoosePost.hydrate(r)),
    },
  });

  const userIds = makeUserIds(100);
  const inputs = (warmUp: boolean): ReturnType<typeof makePost>[] =>
    Array.from({ length: warmUp ? warmCount : n }, (_, i) => makePost(i, userIds));
  const build = await roundRobin(runs, {
    odm: {
      prepare: inputs,
      run: (init: ReturnType<typeof makePost>[]) =>
        init.map((values) => {
          const doc = new BenchPost(values as never);
          doc.validate();
          return doc.toMongo();
        }),
    },
    mongoose: {
      prepare: inputs,
      run: (init: ReturnType<typeof makePost>[]) =>
        init.map((values) => {
          const doc = new MongoosePost(values);
          const error = mongooseValidateSync(doc);
          if (error) throw error;
          return doc.toObject();
        }),
    },
  });
  return { load, build };
}
