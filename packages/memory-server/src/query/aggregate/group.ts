import { Int32 } from 'bson';
import type { Doc } from '../../bson.js';
import { canonicalKey, compareValues, valuesEqual } from '../compare.js';
import { evaluate, isDocument, typeName, validateExpression } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { numToDouble, toNum } from '../expression/numeric.js';
import { type Accumulator, type AccumulatorFactory, compileAccumulator } from './accumulators.js';
import type { StageContext, StageFn } from './context.js';
import { granularityRounder } from './granularity.js';

type OutputSpec = [field: string, factory: AccumulatorFactory][];

function compileOutputs(spec: Doc, skip: string[]): OutputSpec {
  const outputs: OutputSpec = [];
  for (const [field, value] of Object.entries(spec)) {
    if (skip.includes(field)) continue;
    if (field.includes('.')) throw fail(40235, `The field name '${field}' cannot contain '.'`);
    if (field.startsWith('$')) throw fail(40236, `The field name '${field}' cannot be an operator name`);
    if (!isDocument(value)) throw fail(40234, `The field '${field}' must be an accumulator object`);
    const keys = Object.keys(value);
    if (keys.length !== 1) throw fail(40238, `The field '${field}' must specify one accumulator`);
    const op = keys[0] as string;
    validateExpression(value[op]);
    outputs.push([field, compileAccumulator(op, value[op])]);
  }
  return outputs;
}

/**
 * Groups documents by `keyOf` and runs the accumulators of each group; groups come out in order
 * of first appearance, keyed by MongoDB equality (`canonicalKey`).
 */
function groupBy(docs: Doc[], keyOf: (doc: Doc) => unknown, outputs: OutputSpec, sc: StageContext): Doc[] {
  const groups = new Map<string, { id: unknown; accs: Accumulator[] }>();
  const strings = sc.pipeline.collation?.compareStrings;
  for (const doc of docs) {
    const id = keyOf(doc) ?? null;
    const key = canonicalKey(id);
    let group = groups.get(key);
    if (!group && strings) {
      // Canonical keys are binary; under a collation an equal key ('A' vs 'a' at strength 2) may hide under another spelling.
      for (const other of groups.values()) {
        if (valuesEqual(other.id, id, strings)) {
          group = other;
          break;
        }
      }
    }
    if (!group) {
      const keyEnv = sc.env({ _id: id });
      group = { id, accs: outputs.map(([, factory]) => factory(keyEnv)) };
      groups.set(key, group);
    }
    const env = sc.env(doc);
    for (const acc of group.accs) acc.add(env);
  }
  return [...groups.values()].map(({ id, accs }) => {
    const out: Doc = { _id: id };
    outputs.forEach(([field], i) => {
      out[field] = accs[i]?.result();
    });
    return out;
  });
}

/**
 * `$group`: groups by the `_id` expression and runs the accumulators of each group.
 *
 * @example
 * ```ts
 * { $group: { _id: '$sku', total: { $sum: '$qty' } } }
 * ```
 */
export const $group: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(15947, "a group's fields must be specified in an object");
  if (!('_id' in spec)) throw fail(15955, 'a group specification must include an _id');
  const outputs = compileOutputs(spec, ['_id']);
  const idExpr = spec['_id'];
  validateExpression(idExpr);
  return groupBy(docs, (doc) => evaluate(idExpr, sc.env(doc)), outputs, sc);
};

function checkExpression(value: unknown, stage: string, field: string): void {
  validateExpression(value);
  const ok =
    (typeof value === 'string' && value.startsWith('$')) ||
    (isDocument(value) && Object.keys(value).length > 0);
  if (!ok)
    throw fail(
      40202,
      `The $${stage.replace('$', '')} '${field}' field must be defined as a $-prefixed path or an expression object, but found: ${typeName(value)}`,
    );
}

/**
 * `$sortByCount`: groups by an expression and sorts by the group sizes, largest first.
 *
 * @example
 * ```ts
 * { $sortByCount: '$tag' }
 * ```
 */
export const $sortByCount: StageFn = (docs, spec, sc) => {
  if (typeof spec === 'string') {
    if (!spec.startsWith('$'))
      throw fail(
        40148,
        'the sortByCount field must be defined as a $-prefixed path or an expression inside an object',
      );
  } else if (isDocument(spec)) {
    const keys = Object.keys(spec);
    if (keys.length !== 1 || !(keys[0] ?? '').startsWith('$')) {
      throw fail(
        40147,
        'the sortByCount field must be defined as a $-prefixed path or an expression inside an object',
      );
    }
  } else {
    throw fail(40149, 'the sortByCount field must be specified as a string or as an object');
  }
  validateExpression(spec);
  const grouped = groupBy(
    docs,
    (doc) => evaluate(spec, sc.env(doc)),
    [['count', compileAccumulator('$sum', 1)]],
    sc,
  );
  return grouped
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => compareValues(b.doc['count'], a.doc['count']) || a.i - b.i)
    .map((x) => x.doc);
};

/**
 * `$count`: one document holding the number of input documents (none for an empty input).
 *
 * @example
 * ```ts
 * { $count: 'n' }
 * ```
 */
export const $count: StageFn = (docs, spec) => {
  if (typeof spec !== 'string') throw fail(40156, 'the count field must be a non-empty string');
  if (spec === '') throw fail(40157, 'the count field must be a non-empty string');
  if (spec.startsWith('$')) throw fail(40158, 'the count field cannot be a $-prefixed path');
  if (spec.includes('.')) throw fail(40160, "the count field cannot contain '.'");
  return docs.length === 0 ? [] : [{ [spec]: new Int32(docs.length) }];
};

/**
 * `$bucket`: groups into buckets by boundaries, with an optional default bucket.
 *
 * @example
 * ```ts
 * { $bucket: { groupBy: '$price', boundaries: [0, 100, 200], default: 'other' } }
 * ```
 */
export const $bucket: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec))
    throw fail(40201, `Argument to $bucket stage must be an object, but found type: ${typeName(spec)}.`);
  for (const key of Object.keys(spec)) {
    if (!['groupBy', 'boundaries', 'default', 'output'].includes(key))
      throw fail(40197, `Unrecognized option to $bucket: ${key}.`);
  }
  if (!('groupBy' in spec) || !('boundaries' in spec))
    throw fail(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  checkExpression(spec['groupBy'], '$bucket', 'groupBy');
  const boundaries = spec['boundaries'];
  if (!Array.isArray(boundaries) || boundaries.length < 2) {
    throw fail(
      40192,
      `The $bucket 'boundaries' field must be an array of values. At least 2 values are required, but found ${Array.isArray(boundaries) ? boundaries.length : 0}`,
    );
  }
  for (let i = 1; i < boundaries.length; i += 1) {
    const [a, b] = [boundaries[i - 1], boundaries[i]];
    const sameType = toNum(a) && toNum(b) ? true : typeName(a) === typeName(b);
    if (!sameType)
      throw fail(40193, "All values in the 'boundaries' option to $bucket must have the same type");
    if (compareValues(a, b) >= 0)
      throw fail(40194, "The 'boundaries' option to $bucket must be sorted in ascending order");
  }
  const hasDefault = 'default' in spec;
  const def = spec['default'];
  if (
    hasDefault &&
    compareValues(def, boundaries[0]) >= 0 &&
    compareValues(def, boundaries[boundaries.length - 1]) < 0
  ) {
    throw fail(
      40199,
      "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.",
    );
  }
  const outputSpec = spec['output'] ?? { count: { $sum: 1 } };
  if (!isDocument(outputSpec)) throw fail(40196, "The $bucket 'output' field must be an object");
  const outputs = compileOutputs(outputSpec, []);
  const keyOf = (doc: Doc): unknown => {
    const v = evaluate(spec['groupBy'], sc.env(doc)) ?? null;
    if (compareValues(v, boundaries[0]) >= 0 && compareValues(v, boundaries[boundaries.length - 1]) < 0) {
      let i = boundaries.length - 2;
      while (i > 0 && compareValues(v, boundaries[i]) < 0) i -= 1;
      return boundaries[i];
    }
    if (!hasDefault) {
      throw fail(
        40066,
        '$switch could not find a matching branch for an input, and no default was specified.',
      );
    }
    return def;
  };
  const grouped = groupBy(docs, keyOf, outputs, sc);
  const lowers = boundaries.slice(0, -1).map(canonicalKey);
  const rank = (id: unknown): number => {
    const i = lowers.indexOf(canonicalKey(id));
    return i === -1 ? Infinity : i;
  };
  return grouped
    .map((doc) => ({ doc, rank: rank(doc['_id']) }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.doc);
};

/**
 * `$bucketAuto`: groups into a number of evenly filled buckets.
 *
 * @example
 * ```ts
 * { $bucketAuto: { groupBy: '$price', buckets: 4 } }
 * ```
 */
export const $bucketAuto: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec))
    throw fail(40240, `The argument to $bucketAuto must be an object, but found type: ${typeName(spec)}.`);
  for (const key of Object.keys(spec)) {
    if (!['groupBy', 'buckets', 'output', 'granularity'].includes(key))
      throw fail(40245, `Unrecognized option to $bucketAuto: ${key}.`);
  }
  if (!('groupBy' in spec) || !('buckets' in spec))
    throw fail(40246, "$bucketAuto requires 'groupBy' and 'buckets' to be specified");
  checkExpression(spec['groupBy'], '$bucketAuto', 'groupBy');
  const bucketsNum = toNum(spec['buckets']);
  if (!bucketsNum)
    throw fail(
      40241,
      `The $bucketAuto 'buckets' field must be a numeric value, but found type: ${typeName(spec['buckets'])}`,
    );
  const buckets = numToDouble(bucketsNum);
  if (!Number.isInteger(buckets) || Math.abs(buckets) > 2147483647) {
    throw fail(
      40242,
      `The $bucketAuto 'buckets' field must be representable as a 32-bit integer, but found ${buckets}`,
    );
  }
  if (buckets <= 0)
    throw fail(40243, `The $bucketAuto 'buckets' field must be greater than 0, but found: ${buckets}`);
  const rounder = 'granularity' in spec ? granularityRounder(spec['granularity']) : undefined;
  const outputSpec = spec['output'] ?? { count: { $sum: 1 } };
  if (!isDocument(outputSpec))
    throw fail(
      40244,
      `The $bucketAuto 'output' field must be an object, but found type: ${typeName(outputSpec)}`,
    );
  const outputs = compileOutputs(outputSpec, []);
  const keyed = docs.map((doc) => {
    const key = evaluate(spec['groupBy'], sc.env(doc)) ?? null;
    if (rounder) rounder.roundUp(key); // validates the key (numeric, not NaN, not negative)
    return { doc, key };
  });
  keyed.sort((a, b) => compareValues(a.key, b.key));
  // The server's fill: about n/buckets documents each (the last bucket takes the rest), equal keys
  // never split; bucket bounds are [min, max) and a granularity rounds them to its series.
  const size = Math.max(1, Math.round(keyed.length / buckets));
  const groups: { min: unknown; max: unknown; members: typeof keyed }[] = [];
  let i = 0;
  let previousMax: unknown;
  while (i < keyed.length) {
    const first = keyed[i] as (typeof keyed)[number];
    i += 1;
    const bucket: { min: unknown; max: unknown; members: typeof keyed } = {
      min: rounder ? (previousMax ?? rounder.roundDown(first.key)) : first.key,
      max: first.key,
      members: [first],
    };
    const add = (): void => {
      const entry = keyed[i] as (typeof keyed)[number];
      bucket.members.push(entry);
      bucket.max = entry.key;
      i += 1;
    };
    const isLast = groups.length + 1 === buckets;
    for (let j = 1; i < keyed.length && (j < size || isLast); j += 1) add();
    if (rounder) {
      const boundary = rounder.roundUp(bucket.max);
      while (i < keyed.length && compareValues(boundary, keyed[i]?.key) > 0) add();
      const zero = numToDouble(toNum(boundary) ?? { t: 'double', v: NaN }) === 0;
      bucket.max = zero && i < keyed.length ? rounder.roundDown(keyed[i]?.key) : boundary;
    } else {
      while (i < keyed.length && compareValues(bucket.max, keyed[i]?.key) === 0) add();
      if (i < keyed.length) bucket.max = keyed[i]?.key;
    }
    previousMax = bucket.max;
    groups.push(bucket);
  }
  return groups.map(({ min, max, members }) => {
    const accs = outputs.map(([, factory]) => factory(sc.env({})));
    for (const { doc } of members) for (const acc of accs) acc.add(sc.env(doc));
    const out: Doc = { _id: { min, max } };
    outputs.forEach(([field], j) => {
      out[field] = accs[j]?.result();
    });
    return out;
  });
};
