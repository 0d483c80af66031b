import { Double, Int32 } from 'bson';
import type { Doc } from '../../bson.js';
import { canonicalKey, compareValues } from '../compare.js';
import { compileSort } from '../sort.js';
import { addUnits } from '../expression/date.js';
import { evaluate, isDocument, typeName, validateExpression } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { type Num, addNums, fromNum, numToDouble, toNum } from '../expression/numeric.js';
import { compileAccumulator } from './accumulators.js';
import type { StageContext, StageFn } from './context.js';
import { readDocPath, writeDocPath } from './unwind.js';

type Bound = 'unbounded' | 'current' | number;

interface Partition {
  docs: Doc[];
}

/** Splits into partitions (ordered by key) and sorts each one. */
function partitions(
  docs: Doc[],
  sc: StageContext,
  partitionBy: unknown,
  sortBy: Doc | undefined,
): Partition[] {
  const groups = new Map<string, { key: unknown; docs: Doc[] }>();
  for (const doc of docs) {
    const key = partitionBy === undefined ? null : (evaluate(partitionBy, sc.env(doc)) ?? null);
    const k = canonicalKey(key);
    const g = groups.get(k) ?? { key, docs: [] };
    g.docs.push(doc);
    groups.set(k, g);
  }
  const cmp = sortBy ? compileSort(sortBy) : undefined;
  return [...groups.values()]
    .sort((a, b) => compareValues(a.key, b.key))
    .map((g) => ({
      docs: cmp
        ? g.docs
            .map((d, i) => ({ d, i }))
            .sort((a, b) => cmp(a.d, b.d) || a.i - b.i)
            .map((x) => x.d)
        : g.docs,
    }));
}

function parseBound(value: unknown, kind: string): Bound {
  if (value === 'unbounded' || value === 'current') return value;
  const n = toNum(value);
  if (!n)
    throw fail(
      5339900,
      `Window bounds must be 'unbounded', 'current', or a number, found ${typeName(value)} in ${kind}`,
    );
  return numToDouble(n);
}

function sortFieldOf(sortBy: Doc | undefined, what: string): string {
  const keys = sortBy ? Object.keys(sortBy) : [];
  if (keys.length !== 1) throw fail(5339902, `${what} requires a sortBy with exactly one field`);
  return keys[0] as string;
}

/** The index range [from, to) of the window of row `i`. */
type WindowFn = (i: number) => [number, number];

function compileWindow(window: unknown, sortBy: Doc | undefined, docs: Doc[]): WindowFn {
  if (window === undefined) return () => [0, docs.length];
  if (!isDocument(window)) throw fail(5339901, "'window' field must be an object");
  if (Array.isArray(window['documents'])) {
    const [lo, hi] = window['documents'].map((b) => parseBound(b, 'documents'));
    return (i) => [
      lo === 'unbounded' ? 0 : lo === 'current' ? i : Math.max(0, i + (lo ?? 0)),
      hi === 'unbounded' ? docs.length : hi === 'current' ? i + 1 : Math.min(docs.length, i + (hi ?? 0) + 1),
    ];
  }
  if (Array.isArray(window['range'])) {
    const field = sortFieldOf(sortBy, 'range-based window');
    const [lo, hi] = window['range'].map((b) => parseBound(b, 'range'));
    const unit = typeof window['unit'] === 'string' ? window['unit'] : undefined;
    const keys = docs.map((d) => readDocPath(d, field.split('.')));
    const shift = (v: unknown, by: number): unknown => {
      if (v instanceof Date) {
        if (unit === undefined) throw fail(5429513, 'Explicit unit required for a range window over dates');
        return addUnits(v, unit, by, undefined);
      }
      const n = toNum(v);
      return n ? numToDouble(n) + by : v;
    };
    return (i) => {
      const cur = keys[i];
      const low = lo === 'unbounded' ? undefined : shift(cur, lo === 'current' ? 0 : (lo ?? 0));
      const high = hi === 'unbounded' ? undefined : shift(cur, hi === 'current' ? 0 : (hi ?? 0));
      let from = docs.length;
      let to = 0;
      keys.forEach((k, j) => {
        if (
          (low === undefined || compareValues(k, low) >= 0) &&
          (high === undefined || compareValues(k, high) <= 0)
        ) {
          from = Math.min(from, j);
          to = Math.max(to, j + 1);
        }
      });
      return from >= to ? [0, 0] : [from, to];
    };
  }
  return () => [0, docs.length];
}

type RowFn = (docs: Doc[], sc: StageContext) => unknown[];

function rank(kind: '$rank' | '$denseRank' | '$documentNumber', sortBy: Doc | undefined): RowFn {
  return (docs) => {
    if (kind === '$documentNumber') return docs.map((_, i) => new Int32(i + 1));
    const field = sortFieldOf(sortBy, kind);
    const parts = field.split('.');
    let dense = 0;
    let current = 0;
    return docs.map((doc, i) => {
      const prev = docs[i - 1];
      if (
        i === 0 ||
        compareValues(readDocPath(doc, parts) ?? null, readDocPath(prev as Doc, parts) ?? null) !== 0
      ) {
        dense += 1;
        current = i + 1;
      }
      return new Int32(kind === '$rank' ? current : dense);
    });
  };
}

function locf(expr: unknown): RowFn {
  return (docs, sc) => {
    let last: unknown = null;
    return docs.map((doc) => {
      const v = evaluate(expr, sc.env(doc));
      if (v !== undefined && v !== null) last = v;
      return last;
    });
  };
}

function linearFill(expr: unknown, sortBy: Doc | undefined): RowFn {
  return (docs, sc) => {
    const parts = sortFieldOf(sortBy, '$linearFill').split('.');
    const xs = docs.map((d) => {
      const x = readDocPath(d, parts);
      return x instanceof Date ? x.getTime() : numToDouble(toNum(x) ?? { t: 'double', v: NaN });
    });
    const ys = docs.map((d) => evaluate(expr, sc.env(d)));
    return ys.map((y, i) => {
      if (y !== undefined && y !== null) return y;
      let a = i - 1;
      while (a >= 0 && (ys[a] === undefined || ys[a] === null)) a -= 1;
      let b = i + 1;
      while (b < ys.length && (ys[b] === undefined || ys[b] === null)) b += 1;
      if (a < 0 || b >= ys.length) return null;
      const ya = numToDouble(toNum(ys[a]) ?? { t: 'double', v: NaN });
      const yb = numToDouble(toNum(ys[b]) ?? { t: 'double', v: NaN });
      const [xa, xb, xi] = [xs[a] ?? 0, xs[b] ?? 0, xs[i] ?? 0];
      return new Double(ya + ((yb - ya) * (xi - xa)) / (xb - xa));
    });
  };
}

function shift(args: unknown): RowFn {
  if (!isDocument(args) || !('output' in args) || !('by' in args))
    throw fail(5433604, "$shift requires 'output' and 'by'");
  const byNum = toNum(args['by']);
  const by = byNum ? numToDouble(byNum) : NaN;
  if (!Number.isInteger(by)) throw fail(5433601, "'$shift:by' field must be an integer");
  return (docs, sc) =>
    docs.map((_, i) => {
      const target = docs[i + by];
      if (!target)
        return args['default'] === undefined ? null : evaluate(args['default'], sc.env(docs[i] as Doc));
      return evaluate(args['output'], sc.env(target)) ?? null;
    });
}

function numberOrNaN(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const n = toNum(value);
  return n ? numToDouble(n) : NaN;
}

/** `$expMovingAvg`: an exponentially weighted average (`N` → alpha = 2 / (N + 1)); non-numbers are skipped. */
function expMovingAvg(args: unknown, sortBy: Doc | undefined): RowFn {
  if (!sortBy) throw fail(5371601, '$expMovingAvg requires an explicit sortBy');
  if (!isDocument(args) || !('input' in args) || 'N' in args === 'alpha' in args) {
    throw fail(5433600, "$expMovingAvg requires an 'input' and exactly one of 'N' or 'alpha'");
  }
  const nNum = toNum(args['N']);
  const alphaNum = toNum(args['alpha']);
  const alpha = nNum ? 2 / (numToDouble(nNum) + 1) : alphaNum ? numToDouble(alphaNum) : NaN;
  if (!(alpha > 0 && alpha < 1))
    throw fail(5433602, "'alpha' must be between 0 and 1 (exclusive), and 'N' a positive integer");
  return (docs, sc) => {
    let current: number | undefined;
    return docs.map((doc) => {
      const value = evaluate(args['input'], sc.env(doc));
      const n = toNum(value);
      if (!n) return null;
      const x = numToDouble(n);
      current = current === undefined ? x : alpha * x + (1 - alpha) * current;
      return new Double(current);
    });
  };
}

/** Sort-key positions of a partition (dates in `unit`s), for `$derivative`/`$integral`. */
function positions(docs: Doc[], sortBy: Doc | undefined, unit: unknown, op: string): number[] {
  const parts = sortFieldOf(sortBy, op).split('.');
  const unitMs =
    typeof unit === 'string'
      ? (
          {
            week: 604_800_000,
            day: 86_400_000,
            hour: 3_600_000,
            minute: 60_000,
            second: 1000,
            millisecond: 1,
          } as Record<string, number>
        )[unit]
      : undefined;
  if (unit !== undefined && unitMs === undefined)
    throw fail(5490704, `${op} 'unit' must be a fixed-size time unit`);
  return docs.map((d) => {
    const key = readDocPath(d, parts);
    if (key instanceof Date && unitMs === undefined)
      throw fail(5624901, `${op} with sortBy on dates requires a 'unit'`);
    return numberOrNaN(key) / (key instanceof Date ? (unitMs ?? 1) : 1);
  });
}

function calculus(
  op: '$derivative' | '$integral',
  args: unknown,
  window: unknown,
  sortBy: Doc | undefined,
): RowFn {
  if (!isDocument(args) || !('input' in args)) throw fail(5490700, `${op} requires an 'input' expression`);
  if (op === '$derivative' && window === undefined)
    throw fail(5490702, '$derivative requires explicit window bounds');
  return (docs, sc) => {
    const xs = positions(docs, sortBy, args['unit'], op);
    const ys = docs.map((d) => numberOrNaN(evaluate(args['input'], sc.env(d))));
    const windowOf = compileWindow(window, sortBy, docs);
    return docs.map((_, i) => {
      const [from, to] = windowOf(i);
      if (op === '$derivative') {
        if (to - from < 2) return null;
        const dx = (xs[to - 1] ?? NaN) - (xs[from] ?? NaN);
        return new Double(((ys[to - 1] ?? NaN) - (ys[from] ?? NaN)) / dx);
      }
      let area = 0;
      for (let j = from; j + 1 < to; j += 1)
        area += (((ys[j] ?? NaN) + (ys[j + 1] ?? NaN)) / 2) * ((xs[j + 1] ?? NaN) - (xs[j] ?? NaN));
      return new Double(area);
    });
  };
}

function covariance(
  op: '$covariancePop' | '$covarianceSamp',
  args: unknown,
  window: unknown,
  sortBy: Doc | undefined,
): RowFn {
  if (!Array.isArray(args) || args.length !== 2)
    throw fail(16020, `Expression ${op} takes exactly 2 arguments.`);
  return (docs, sc) => {
    const pairs = docs.map(
      (d) => [toNum(evaluate(args[0], sc.env(d))), toNum(evaluate(args[1], sc.env(d)))] as const,
    );
    const windowOf = compileWindow(window, sortBy, docs);
    return docs.map((_, i) => {
      const [from, to] = windowOf(i);
      const pts = pairs
        .slice(from, to)
        .filter(([x, y]) => x && y)
        .map(([x, y]) => [numToDouble(x as Num), numToDouble(y as Num)] as const);
      const n = pts.length;
      if (n === 0 || (op === '$covarianceSamp' && n < 2)) return null;
      const mx = pts.reduce((a, [x]) => a + x, 0) / n;
      const my = pts.reduce((a, [, y]) => a + y, 0) / n;
      const sum = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
      return new Double(sum / (op === '$covarianceSamp' ? n - 1 : n));
    });
  };
}

function compileOutput(
  spec: unknown,
  field: string,
  sortBy: Doc | undefined,
): (docs: Doc[], sc: StageContext) => unknown[] {
  if (!isDocument(spec)) throw fail(40414, `The field '${field}' must be an object`);
  const ops = Object.keys(spec).filter((k) => k !== 'window');
  if (ops.length !== 1) throw fail(5397902, `Expected exactly one window function for '${field}'`);
  const op = ops[0] as string;
  const args = spec[op];
  validateExpression(args);
  if (op === '$rank' || op === '$denseRank' || op === '$documentNumber') return rank(op, sortBy);
  if (op === '$shift') return shift(args);
  if (op === '$locf') return locf(args);
  if (op === '$linearFill') return linearFill(args, sortBy);
  if (op === '$expMovingAvg') return expMovingAvg(args, sortBy);
  if (op === '$derivative' || op === '$integral') return calculus(op, args, spec['window'], sortBy);
  if (op === '$covariancePop' || op === '$covarianceSamp')
    return covariance(op, args, spec['window'], sortBy);
  const factory = (() => {
    try {
      return compileAccumulator(op, args);
    } catch (e) {
      if ((e as { code?: number }).code === 15952) throw fail(5397904, `Unrecognized window function, ${op}`);
      throw e;
    }
  })();
  return (docs, sc) => {
    const windowOf = compileWindow(spec['window'], sortBy, docs);
    return docs.map((_, i) => {
      const [from, to] = windowOf(i);
      const acc = factory(sc.env({}));
      for (let j = from; j < to; j += 1) acc.add(sc.env(docs[j] as Doc));
      return acc.result();
    });
  };
}

/**
 * `$setWindowFields`: adds window-function results per partition and sort order.
 *
 * @example
 * ```ts
 * { $setWindowFields: { sortBy: { t: 1 }, output: { run: { $sum: '$v', window: { documents: ['unbounded', 'current'] } } } } }
 * ```
 */
export const $setWindowFields: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(9, 'the $setWindowFields stage specification must be an object');
  for (const key of Object.keys(spec)) {
    if (!['partitionBy', 'sortBy', 'output'].includes(key))
      throw fail(40415, `BSON field '$setWindowFields.${key}' is an unknown field.`);
  }
  const sortBy = spec['sortBy'];
  if (sortBy !== undefined && !isDocument(sortBy)) throw fail(14, "'sortBy' must be an object");
  const output = spec['output'];
  if (!isDocument(output))
    throw fail(40414, "BSON field '$setWindowFields.output' is missing but a required field");
  const fields = Object.entries(output).map(
    ([field, s]) => [field, compileOutput(s, field, sortBy)] as const,
  );
  return partitions(docs, sc, spec['partitionBy'], sortBy).flatMap(({ docs: part }) => {
    const columns = fields.map(([field, fn]) => [field.split('.'), fn(part, sc)] as const);
    return part.map((doc, i) =>
      columns.reduce((d, [parts, values]) => writeDocPath(d, parts, values[i]), doc),
    );
  });
};

/**
 * `$fill`: fills null or missing fields with a value, the last observation or a linear interpolation.
 *
 * @example
 * ```ts
 * { $fill: { sortBy: { t: 1 }, output: { v: { method: 'linear' } } } }
 * ```
 */
export const $fill: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(9, 'the $fill stage specification must be an object');
  const output = spec['output'];
  if (!isDocument(output)) throw fail(40414, "BSON field '$fill.output' is missing but a required field");
  const sortBy = isDocument(spec['sortBy']) ? spec['sortBy'] : undefined;
  let partitionBy = spec['partitionBy'];
  if (Array.isArray(spec['partitionByFields'])) {
    partitionBy = Object.fromEntries(
      (spec['partitionByFields'] as string[]).map((f) => [f.replace(/\./g, '_'), `$${f}`]),
    );
  }
  const fields = Object.entries(output).map(([field, s]) => {
    if (!isDocument(s)) throw fail(6050203, `$fill output '${field}' must be an object`);
    const path = `$${field}`;
    if ('value' in s) {
      const value = s['value'];
      const fn: RowFn = (part, ctx) =>
        part.map((doc) => {
          const current = evaluate(path, ctx.env(doc));
          return current === undefined || current === null ? evaluate(value, ctx.env(doc)) : current;
        });
      return [field, fn] as const;
    }
    if (s['method'] === 'locf') return [field, locf(path)] as const;
    if (s['method'] === 'linear') return [field, linearFill(path, sortBy)] as const;
    throw fail(6050202, `$fill output '${field}' needs either 'value' or a 'method' of 'locf' or 'linear'`);
  });
  return partitions(docs, sc, partitionBy, sortBy).flatMap(({ docs: part }) => {
    const columns = fields.map(([field, fn]) => [field.split('.'), fn(part, sc)] as const);
    return part.map((doc, i) =>
      columns.reduce((d, [parts, values]) => writeDocPath(d, parts, values[i]), doc),
    );
  });
};

function step(value: unknown, by: Num, unit: string | undefined): unknown {
  if (value instanceof Date) return addUnits(value, unit ?? 'millisecond', numToDouble(by), undefined);
  const n = toNum(value);
  return n ? fromNum(addNums(n, by)) : value;
}

/**
 * `$densify`: adds documents for the missing steps of a numeric or date field.
 *
 * @example
 * ```ts
 * { $densify: { field: 't', range: { step: 1, unit: 'hour', bounds: 'full' } } }
 * ```
 */
export const $densify: StageFn = (docs, spec) => {
  if (!isDocument(spec)) throw fail(9, 'the $densify stage specification must be an object');
  const field = spec['field'];
  const range = spec['range'];
  if (typeof field !== 'string' || !isDocument(range))
    throw fail(40414, "$densify requires 'field' and 'range'");
  const by = toNum(range['step']);
  if (!by || numToDouble(by) <= 0)
    throw fail(5733402, 'the step parameter in a range statement must be a strictly positive numeric value');
  const unit = typeof range['unit'] === 'string' ? range['unit'] : undefined;
  const partFields = Array.isArray(spec['partitionByFields']) ? (spec['partitionByFields'] as string[]) : [];
  const parts = field.split('.');
  const valueOf = (d: Doc): unknown => readDocPath(d, parts);
  const groups = new Map<string, Doc[]>();
  for (const doc of docs) {
    const key = canonicalKey(partFields.map((f) => readDocPath(doc, f.split('.')) ?? null));
    groups.set(key, [...(groups.get(key) ?? []), doc]);
  }
  const allValues = docs
    .map(valueOf)
    .filter((v) => v !== undefined && v !== null)
    .sort(compareValues);
  const bounds = range['bounds'];
  const out: Doc[] = [];
  for (const group of groups.values()) {
    const sorted = group.slice().sort((a, b) => compareValues(valueOf(a) ?? null, valueOf(b) ?? null));
    const present = sorted.map(valueOf).filter((v) => v !== undefined && v !== null);
    let lo: unknown;
    let hi: unknown;
    let inclusiveHi = true;
    if (bounds === 'full') [lo, hi] = [allValues[0], allValues[allValues.length - 1]];
    else if (bounds === 'partition') [lo, hi] = [present[0], present[present.length - 1]];
    else if (Array.isArray(bounds) && bounds.length === 2) {
      [lo, hi] = bounds;
      inclusiveHi = false;
    } else
      throw fail(
        5733403,
        "the bounds in a range statement must be 'full', 'partition', or an ascending array of two numbers or two dates",
      );
    const template: Doc = {};
    let base: Doc = template;
    for (const f of partFields)
      base = writeDocPath(base, f.split('.'), readDocPath(sorted[0] as Doc, f.split('.')));
    const seen = new Set(present.map(canonicalKey));
    const generated: Doc[] = [];
    if (lo !== undefined && hi !== undefined) {
      for (let v: unknown = lo, guard = 0; guard < 1_000_000; v = step(v, by, unit), guard += 1) {
        const c = compareValues(v, hi);
        if (c > 0 || (c === 0 && !inclusiveHi)) break;
        if (!seen.has(canonicalKey(v))) generated.push(writeDocPath(base, parts, v));
      }
    }
    out.push(
      ...[...sorted, ...generated].sort((a, b) => compareValues(valueOf(a) ?? null, valueOf(b) ?? null)),
    );
  }
  return out;
};
