/**
 * Throughput of the memory server through the official driver (sequential awaits, loopback,
 * server in the same process). Prints a table; with `--json`, one final JSON line too.
 *
 * @example
 * ```sh
 * npm run bench:server            # table
 * npm run bench:server -- --json  # table + {"pingPerSec":…}
 * ```
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { MongoClient, type Collection } from 'mongodb';
import { MemoryServer } from '../packages/memory-server/src/index.js';

const SECONDS_PER_MEASURE = Number(process.env['BENCH_SECONDS'] ?? 1.5);
const SIZES = [10_000, 100_000] as const;

/** A `gc()` even without --expose-gc, so memory figures are not just garbage. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** Runs `op` back to back for the measuring window; returns operations per second. */
async function opsPerSecond(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2000; i++) await op(i); // warm-up (JIT, connection pool)
  const deadline = performance.now() + SECONDS_PER_MEASURE * 1000;
  const start = performance.now();
  let n = 0;
  while (performance.now() < deadline) await op(n++);
  return Math.round(n / ((performance.now() - start) / 1000));
}

interface BenchDoc {
  _id: number;
  email: string;
  age: number;
  name?: string;
  tags?: string[];
}

function makeDocs(count: number): BenchDoc[] {
  const docs: BenchDoc[] = [];
  for (let i = 0; i < count; i++) {
    docs.push({
      _id: i,
      email: `user${i}@example.com`,
      age: i % 90,
      name: `User number ${i}`,
      tags: ['a', 'b'],
    });
  }
  return docs;
}

interface SizeResult {
  documents: number;
  insertManyMs: number;
  insertOnePerSec: number;
  findOneByIdPerSec: number;
  findByIndexedFieldPerSec: number;
  residentBytesPer1kDocs: number;
}

async function measureSize(client: MongoClient, size: number): Promise<SizeResult> {
  const db = client.db('bench');
  await db.dropDatabase();
  const coll: Collection<BenchDoc> = db.collection<BenchDoc>(`docs${size}`);
  await coll.createIndex({ email: 1 }, { unique: true });
  const docs = makeDocs(size);
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  await coll.insertMany(docs, { ordered: true });
  const insertManyMs = Math.round(performance.now() - t0);
  docs.length = 0;
  collectGarbage();
  const residentBytesPer1kDocs = Math.round(((process.memoryUsage().rss - rssBefore) / size) * 1000);

  const findOneByIdPerSec = await opsPerSecond((i) => coll.findOne({ _id: (i * 7919) % size }));
  const findByIndexedFieldPerSec = await opsPerSecond((i) =>
    coll.find({ email: `user${(i * 104729) % size}@example.com` }).toArray(),
  );
  let extra = size;
  const insertOnePerSec = await opsPerSecond(() =>
    coll.insertOne({ _id: extra++, email: `extra${extra}@example.com`, age: 1 }),
  );
  return {
    documents: size,
    insertManyMs,
    insertOnePerSec,
    findOneByIdPerSec,
    findByIndexedFieldPerSec,
    residentBytesPer1kDocs,
  };
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const server = await MemoryServer.start();
  const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const sizes: SizeResult[] = [];
    for (const size of SIZES) sizes.push(await measureSize(client, size));
    // Measured last, when the JIT is as warm for it as for the other operations: the ceiling that
    // the others are compared with must not be a cold figure.
    const pingPerSec = await opsPerSecond(() => client.db('admin').command({ ping: 1 }));

    const rows: Array<[string, string]> = [['ping/s', String(pingPerSec)]];
    for (const s of sizes) {
      const k = `${s.documents / 1000}k`;
      rows.push(
        [`insertOne/s @${k}`, String(s.insertOnePerSec)],
        [`findOne by _id/s @${k}`, String(s.findOneByIdPerSec)],
        [`find by indexed field/s @${k}`, String(s.findByIndexedFieldPerSec)],
        [`insertMany ${k} (ms)`, String(s.insertManyMs)],
        [`resident memory per 1k docs @${k} (KiB)`, (s.residentBytesPer1kDocs / 1024).toFixed(1)],
      );
    }
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log(
      `memory-server bench (node ${process.version}, ${SECONDS_PER_MEASURE}s per measure, in-process server)`,
    );
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(10)}`);
    if (json) {
      console.log(
        JSON.stringify({ node: process.version, secondsPerMeasure: SECONDS_PER_MEASURE, pingPerSec, sizes }),
      );
    }
  } finally {
    await client.close();
    await server.stop();
  }
}

await main();
