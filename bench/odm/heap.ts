/**
 * Heap retained by loaded documents: raw driver objects vs this ODM's documents vs Mongoose's.
 * Runs as a child process (`node --expose-gc …`) so the figures start from a clean heap, not
 * from the garbage of the timing benchmarks. Prints one JSON line: bytes per kind per run.
 *
 * Each figure is `heapUsed` after a full gc with the documents held, minus `heapUsed` before
 * building them. The BSON bytes they are decoded from are held throughout (not counted); the
 * intermediate raw objects a document was loaded from are dropped, so a document is charged for
 * exactly what it keeps.
 *
 * @example
 * ```sh
 * node --expose-gc --import tsx bench/odm/heap.ts 100000 5
 * # {"raw":[…],"odm":[…],"mongoose":[…]}
 * ```
 */
import { BSON } from 'mongodb';
import { storedPostBytes } from './cpu.js';
import { BenchPost, MongoosePost } from './models.js';
import { collectGarbage } from './stats.js';

/** Kinds of loaded document the heap is measured for. */
export type HeapKind = 'raw' | 'odm' | 'mongoose';

let held: unknown[] | undefined;

function retainedBytes(bytes: readonly Uint8Array[], kind: HeapKind): number {
  held = undefined;
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  if (kind === 'raw') held = bytes.map((b) => BSON.deserialize(b));
  else if (kind === 'odm') held = bytes.map((b) => BenchPost.fromMongo(BSON.deserialize(b)));
  else held = bytes.map((b) => MongoosePost.hydrate(BSON.deserialize(b)));
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  if (held.length !== bytes.length) throw new Error('lost documents');
  held = undefined;
  return after - before;
}

function main(): void {
  const documents = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 5);
  const bytes = storedPostBytes(documents);
  const kinds: HeapKind[] = ['raw', 'odm', 'mongoose'];
  const out: Record<HeapKind, number[]> = { raw: [], odm: [], mongoose: [] };
  // Round 0 warms up (class metadata, schema caches, JIT) on a tenth of the documents; not reported.
  for (let round = 0; round <= runs; round++) {
    for (const kind of kinds) {
      const value = retainedBytes(round === 0 ? bytes.slice(0, Math.ceil(documents / 10)) : bytes, kind);
      if (round > 0) out[kind].push(value);
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
