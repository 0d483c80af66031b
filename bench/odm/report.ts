/**
 * Turns the benchmark figures into rows, target verdicts, a console table and the generated part
 * of `docs/benchmarks.md`.
 *
 * @example
 * const rows = figureRows(results);
 * console.log(renderText(rows, evaluateTargets(results)));
 */
import type { CpuFigures } from './cpu.js';
import type { EndToEndFigures, QueryCounts } from './e2e.js';
import { fmt, ratio, type Stat } from './stats.js';

/** Every figure of one run of `npm run bench`. */
export interface BenchResults {
  node: string;
  cpu: string;
  cores: number;
  date: string;
  /** 1-minute load average when the run started and when it ended (other work on the machine). */
  loadAverage: { start: number; end: number };
  command: string;
  /** How the ODM's code was run (a bundle like the published build, or the sources through tsx). */
  code: string;
  quick: boolean;
  runs: number;
  sizes: { cpuDocuments: number; insert: number; roundTrips: number; related: number };
  cpuFigures: CpuFigures;
  /** Bytes retained per 100k loaded documents. */
  heap: { raw: Stat; odm: Stat; mongoose: Stat };
  e2e: EndToEndFigures;
}

/** One line of the figures table. */
export interface Row {
  figure: string;
  contender: string;
  unit: string;
  stat: Stat;
}

/** One target of issue 8 and whether the medians meet it. */
export interface TargetVerdict {
  id: string;
  target: string;
  measured: string;
  value: number;
  met: boolean;
}

const MB = 1024 * 1024;

function scaleStat(s: Stat, factor: number): Stat {
  return {
    min: s.min * factor,
    median: s.median * factor,
    max: s.max * factor,
    runs: s.runs.map((v) => v * factor),
  };
}

/**
 * The table rows, in reading order.
 *
 * @example
 * figureRows(results)[0]; // { figure: 'load 100k stored documents', contender: 'BSON.deserialize', … }
 */
export function figureRows(r: BenchResults): Row[] {
  const { cpuDocuments: n, insert, roundTrips, related } = r.sizes;
  const k = (v: number): string => (v >= 1000 ? `${v / 1000}k` : String(v));
  const rows: Row[] = [];
  const add = (figure: string, unit: string, entries: [string, Stat][]): void => {
    for (const [contender, stat] of entries) rows.push({ figure, contender, unit, stat });
  };
  const c = r.cpuFigures;
  add(`load ${k(n)} driver documents`, 'ms', [
    ['BSON.deserialize (bytes → objects)', c.load.deserialize],
    ['ODM fromMongo', c.load.odm],
    ['Mongoose hydrate', c.load.mongoose],
  ]);
  add(`build + validate + toMongo ${k(n)}`, 'ms', [
    ['ODM new + validate + toMongo', c.build.odm],
    ['Mongoose new + validateSync + toObject', c.build.mongoose],
  ]);
  add('heap retained per 100k loaded', 'MB', [
    ['raw driver objects', scaleStat(r.heap.raw, 1 / MB)],
    ['ODM documents', scaleStat(r.heap.odm, 1 / MB)],
    ['Mongoose documents', scaleStat(r.heap.mongoose, 1 / MB)],
  ]);
  const e = r.e2e;
  add(`insert ${k(insert)} (build + validate + insertMany)`, 'ms', [
    ['ODM insert', e.insert.odm],
    ['Mongoose insertMany', e.insert.mongoose],
    ['driver insertMany', e.insert.driver],
  ]);
  add(`find ${k(insert)}`, 'ms', [
    ['ODM documents', e.find.odm],
    ['Mongoose documents', e.find.mongoose],
    ['driver objects', e.find.driver],
  ]);
  add(`save() of a changed loaded document (${roundTrips}/run)`, 'ops/s', [
    ['ODM save', e.saveUpdate.odm],
    ['Mongoose save', e.saveUpdate.mongoose],
    ['driver updateOne $set', e.saveUpdate.driver],
  ]);
  add(`save() of a new document (${roundTrips}/run)`, 'ops/s', [
    ['ODM save', e.saveInsert.odm],
    ['Mongoose save', e.saveInsert.mongoose],
    ['driver insertOne', e.saveInsert.driver],
  ]);
  add(`updateOne by _id, $inc (${roundTrips}/run)`, 'ops/s', [
    ['ODM objects({id}).updateOne', e.updateOne.odm],
    ['Mongoose Model.updateOne', e.updateOne.mongoose],
    ['driver updateOne', e.updateOne.driver],
  ]);
  add(`${k(related)} posts with their authors`, 'ms', [
    ['ODM selectRelated', e.related.odm],
    ['Mongoose populate', e.related.mongoose],
    ['driver find + $in + join', e.related.driver],
  ]);
  return rows;
}

/** `{ bench_posts: { find: 1, getMore: 9 }, … }` → `bench_posts: find 1, getMore 9; …`. */
export function describeQueries(q: QueryCounts): string {
  return Object.entries(q)
    .map(
      ([coll, counts]) =>
        `${coll}: ${Object.entries(counts)
          .map(([cmd, v]) => `${cmd} ${v}`)
          .join(', ')}`,
    )
    .join('; ');
}

/**
 * Issue 8's targets, judged on the medians.
 *
 * @example
 * evaluateTargets(results).filter((t) => !t.met).map((t) => t.id); // ['load-vs-deserialize', …]
 */
export function evaluateTargets(r: BenchResults): TargetVerdict[] {
  const c = r.cpuFigures;
  const e = r.e2e;
  const out: TargetVerdict[] = [];
  const atMost = (id: string, target: string, value: number, goal: number, what: string): void => {
    out.push({ id, target, value, measured: `${value}× ${what}`, met: value <= goal });
  };
  const atLeast = (id: string, target: string, value: number, goal: number, what: string): void => {
    out.push({ id, target, value, measured: `${value}× ${what}`, met: value >= goal });
  };
  atMost(
    'load-vs-deserialize',
    'loading ≤ 0.5× the BSON.deserialize cost',
    ratio(c.load.odm.median, c.load.deserialize.median),
    0.5,
    'the deserialize time',
  );
  atLeast(
    'load-vs-hydrate',
    'loading ≥ 4× faster than Mongoose hydrate',
    ratio(c.load.mongoose.median, c.load.odm.median),
    4,
    'faster',
  );
  atLeast(
    'build-vs-mongoose',
    'build + validate + toMongo ≥ 5× faster than Mongoose',
    ratio(c.build.mongoose.median, c.build.odm.median),
    5,
    'faster',
  );
  atMost(
    'heap-vs-raw',
    'heap ≤ 1.5× the raw documents',
    ratio(r.heap.odm.median, r.heap.raw.median),
    1.5,
    `the raw objects (Mongoose: ${ratio(r.heap.mongoose.median, r.heap.raw.median)}×)`,
  );
  const vsDriverTime = (id: string, label: string, t: { odm: Stat; driver: Stat }): void =>
    atLeast(id, `${label} ≥ 0.85× the driver`, ratio(t.driver.median, t.odm.median), 0.85, 'the driver');
  const vsDriverOps = (id: string, label: string, t: { odm: Stat; driver: Stat }): void =>
    atLeast(id, `${label} ≥ 0.85× the driver`, ratio(t.odm.median, t.driver.median), 0.85, 'the driver');
  vsDriverTime('insert-vs-driver', 'insert throughput', e.insert);
  vsDriverTime('find-vs-driver', 'find throughput', e.find);
  vsDriverOps('save-update-vs-driver', 'save() (update) round trips', e.saveUpdate);
  vsDriverOps('save-insert-vs-driver', 'save() (insert) round trips', e.saveInsert);
  vsDriverOps('update-one-vs-driver', 'updateOne round trips', e.updateOne);
  vsDriverTime('related-vs-driver', 'selectRelated throughput', e.related);
  const finds = Object.values(e.relatedQueries.odm).map((q) => q['find'] ?? 0);
  const onePerCollection = finds.length === 2 && finds.every((f) => f === 1);
  out.push({
    id: 'select-related-queries',
    target: 'selectRelated: one query per target collection',
    measured: `${describeQueries(e.relatedQueries.odm)} (Mongoose populate: ${describeQueries(e.relatedQueries.mongoose)})`,
    value: finds.reduce((a, b) => a + b, 0),
    met: onePerCollection,
  });
  return out;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '),
    )
    .join('\n');
}

/** The console output: the figures, then the targets. */
export function renderText(r: BenchResults, rows: Row[], targets: TargetVerdict[]): string {
  const head = [['figure', 'contender', 'min', 'median', 'max', 'unit']];
  let last = '';
  const body = rows.map((row) => {
    const figure = row.figure === last ? '' : row.figure;
    last = row.figure;
    return [figure, row.contender, fmt(row.stat.min), fmt(row.stat.median), fmt(row.stat.max), row.unit];
  });
  const t = targets.map((v) => [v.met ? 'met   ' : 'MISSED', v.target, v.measured]);
  return [
    `mongoengine-ts bench — node ${r.node}, ${r.cores}× ${r.cpu}, ${r.code}, ${r.runs} runs after a warm-up${r.quick ? ' (--quick)' : ''}, load average ${r.loadAverage.start.toFixed(1)} → ${r.loadAverage.end.toFixed(1)}`,
    '',
    pad([...head, ...body]),
    '',
    'targets (medians):',
    ...t.map((x) => `  ${x.join('  ')}`),
  ].join('\n');
}

/** The generated part of `docs/benchmarks.md` (between the markers). */
export function renderMarkdown(r: BenchResults, rows: Row[], targets: TargetVerdict[]): string {
  const lines: string[] = [];
  lines.push(
    `Measured ${r.date} with \`${r.command}\` — node ${r.node}, ${r.cores}× ${r.cpu}; ODM code: ${r.code}; ` +
      `${r.runs} timed runs after one warm-up run; 1-minute load average ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end.`,
    '',
    '| figure | contender | min | median | max | unit |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  );
  let last = '';
  for (const row of rows) {
    const figure = row.figure === last ? '' : row.figure;
    last = row.figure;
    lines.push(
      `| ${figure} | ${row.contender} | ${fmt(row.stat.min)} | ${fmt(row.stat.median)} | ${fmt(row.stat.max)} | ${row.unit} |`,
    );
  }
  lines.push('', '| target (issue 8) | measured (medians) | verdict |', '| --- | --- | --- |');
  for (const t of targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`);
  return lines.join('\n');
}
