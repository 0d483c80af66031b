/**
 * Where loading time and heap go: loads the benchmark's posts through variants of the model
 * that keep only some of its fields (scalars only, + a list of strings, + an embedded document,
 * + a list of embedded documents, + a reference) and compares each with `BSON.deserialize` of
 * the same documents. This is how `docs/benchmarks.md` explains missed targets with measurements.
 *
 * @example
 * ```sh
 * npm run bench -- --breakdown          # bundled like the published build, 20k documents, 5 runs
 * ```
 */
import { BSON } from 'mongodb';
import {
  BooleanField,
  DateTimeField,
  Document,
  EmbeddedDocumentField,
  FloatField,
  IntField,
  ListField,
  ReferenceField,
  StringField,
  type AnyField,
} from '../../packages/odm/src/index.js';
import { BenchComment, BenchLocation, BenchUser, makeStoredPost, makeUserIds } from './models.js';
import { collectGarbage, fmt, roundRobin } from './stats.js';

const scalars = (): Record<string, AnyField> => ({
  title: new StringField({ required: true, maxLength: 200 }),
  slug: new StringField({ regex: /^[a-z0-9-]+$/ }),
  views: new IntField({ min: 0 }),
  rating: new FloatField({ min: 0, max: 5 }),
  published: new BooleanField(),
  createdAt: new DateTimeField(),
});

const extras = {
  tags: () => new ListField(new StringField({ maxLength: 30 })),
  location: () => new EmbeddedDocumentField(BenchLocation),
  comments: () => new ListField(new EmbeddedDocumentField(BenchComment)),
  author: () => new ReferenceField<BenchUser>((): unknown => BenchUser),
};

type Extra = keyof typeof extras;
const VARIANTS: [string, Extra[]][] = [
  ['6 scalars', []],
  ['+ tags (list of 3 strings)', ['tags']],
  ['+ location (embedded document)', ['location']],
  ['+ comments (list of 1–3 embedded)', ['comments']],
  ['+ author (reference)', ['author']],
  ['all 10 fields', ['tags', 'location', 'comments', 'author']],
];

interface Loadable {
  fromMongo(raw: Record<string, unknown>): object;
}

function variantClass(name: string, keep: Extra[]): Loadable {
  const fields: Record<string, AnyField> = scalars();
  for (const key of keep) fields[key] = extras[key]();
  const id = name.replace(/\W+/g, '_');
  const Base = Document.define(fields, { collection: `breakdown${id}` });
  const cls = class extends Base {};
  Object.defineProperty(cls, 'name', { value: `Breakdown${id}` });
  return cls as unknown as Loadable;
}

let sink: unknown;

function heapOf(build: () => unknown[]): number {
  sink = undefined;
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  sink = build();
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  sink = undefined;
  return after - before;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20_000);
  const runs = Number(process.argv[3] ?? 5);
  const userIds = makeUserIds(100);
  const full = Array.from({ length: n }, (_, i) => makeStoredPost(i, userIds));
  console.log(
    `per-field cost of loading ${n} documents (medians of ${runs} runs; µs and bytes per document)`,
  );
  console.log(['variant', 'deserialize µs', 'fromMongo µs', 'ratio', 'raw B', 'ODM B', 'ratio'].join(' | '));
  for (const [name, keep] of VARIANTS) {
    const cls = variantClass(name, keep);
    const keys = ['_id', 'title', 'slug', 'views', 'rating', 'published', 'createdAt', ...keep];
    const bytes = full.map((doc) => {
      const picked: Record<string, unknown> = {};
      for (const key of keys) picked[key] = (doc as unknown as Record<string, unknown>)[key];
      return BSON.serialize(picked);
    });
    const decode = (): Record<string, unknown>[] => bytes.map((b) => BSON.deserialize(b));
    const t = await roundRobin(runs, {
      deserialize: { run: () => decode() },
      odm: {
        prepare: decode,
        run: (raws: Record<string, unknown>[]) => raws.map((r) => cls.fromMongo(r)),
      },
    });
    heapOf(() => bytes.map((b) => cls.fromMongo(BSON.deserialize(b)))); // warm-up
    const raw = heapOf(decode) / n;
    const odm = heapOf(() => bytes.map((b) => cls.fromMongo(BSON.deserialize(b)))) / n;
    const us = (ms: number): number => (ms * 1000) / n;
    console.log(
      [
        name,
        fmt(us(t.deserialize.median)),
        fmt(us(t.odm.median)),
        `${(t.odm.median / t.deserialize.median).toFixed(2)}×`,
        fmt(raw),
        fmt(odm),
        `${(odm / raw).toFixed(2)}×`,
      ].join(' | '),
    );
  }
  void sink;
}

await main();
