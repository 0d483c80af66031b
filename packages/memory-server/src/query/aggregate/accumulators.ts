import type { Doc } from '../../bson.js';
import { canonicalKey, compareValues } from '../compare.js';
import { compileSort } from '../sort.js';
import { percentileSpec, percentileValues, stdDevValues } from '../expression/accumulate.js';
import { type Env, evaluate, isDocument, typeName } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { type Num, addNums, divNums, fromNum, numToDouble, toNum } from '../expression/numeric.js';

/** One running accumulator of a group. */
export interface Accumulator {
  add(env: Env): void;
  result(): unknown;
}

/** Builds a fresh accumulator for one group; `keyEnv` evaluates per-group arguments such as `n`. */
export type AccumulatorFactory = (keyEnv: Env) => Accumulator;

function simple(
  arg: unknown,
  make: () => { push(value: unknown): void; result(): unknown },
): AccumulatorFactory {
  return () => {
    const state = make();
    return { add: (env) => state.push(evaluate(arg, env)), result: () => state.result() };
  };
}

function sum(): { push(value: unknown): void; result(): unknown } {
  let total: Num = { t: 'int', v: 0 };
  return {
    push(value) {
      const n = toNum(value);
      if (n) total = addNums(total, n);
    },
    result: () => fromNum(total),
  };
}

function nArg(args: Doc, keyEnv: Env, op: string): number {
  if (!('n' in args)) throw fail(5787906, `Missing value for 'n' in ${op}`);
  const n = evaluate(args['n'], keyEnv);
  const num = toNum(n);
  const v = num ? numToDouble(num) : NaN;
  if (!Number.isInteger(v))
    throw fail(5787902, `Value for 'n' must be of integral type, but found ${String(n)}`);
  if (v <= 0) throw fail(5787908, `'n' must be greater than 0, found ${v}`);
  return v;
}

function objectArgs(arg: unknown, op: string, allowed: string[]): Doc {
  if (!isDocument(arg))
    throw fail(5787801, `specification must be an object; found ${typeName(arg)} for ${op}`);
  for (const key of Object.keys(arg)) {
    if (!allowed.includes(key)) throw fail(5787901, `Unknown argument for ${op}: ${key}`);
  }
  return arg;
}

/** `$top`/`$bottom`/`$topN`/`$bottomN`: order by `sortBy` and keep the first/last `n` outputs. */
function sorted(arg: unknown, op: string, bottom: boolean, withN: boolean): AccumulatorFactory {
  const args = objectArgs(arg, op, withN ? ['n', 'sortBy', 'output'] : ['sortBy', 'output']);
  if (!isDocument(args['sortBy'])) throw fail(5788005, `${op} requires a sortBy specification`);
  if (!('output' in args)) throw fail(5788006, `${op} requires an output specification`);
  const cmp = compileSort(args['sortBy']);
  return (keyEnv) => {
    const n = withN ? nArg(args, keyEnv, op) : 1;
    const items: { doc: Doc; out: unknown }[] = [];
    return {
      add(env) {
        items.push({ doc: env.current as Doc, out: evaluate(args['output'], env) ?? null });
      },
      result() {
        const ordered = items.slice().sort((a, b) => cmp(a.doc, b.doc));
        const picked = bottom ? ordered.slice(Math.max(0, ordered.length - n)) : ordered.slice(0, n);
        const outs = picked.map((p) => p.out);
        return withN ? outs : (outs[0] ?? null);
      },
    };
  };
}

function nValues(arg: unknown, op: string, kind: 'first' | 'last' | 'max' | 'min'): AccumulatorFactory {
  const args = objectArgs(arg, op, ['input', 'n']);
  if (!('input' in args)) throw fail(5787907, `Missing value for 'input' in ${op}`);
  return (keyEnv) => {
    const n = nArg(args, keyEnv, op);
    const values: unknown[] = [];
    return {
      add(env) {
        const v = evaluate(args['input'], env);
        if ((kind === 'max' || kind === 'min') && (v === undefined || v === null)) return;
        values.push(v ?? null);
      },
      result() {
        if (kind === 'first') return values.slice(0, n);
        if (kind === 'last') return values.slice(Math.max(0, values.length - n));
        const sign = kind === 'max' ? -1 : 1;
        return values.sort((a, b) => sign * compareValues(a, b)).slice(0, n);
      },
    };
  };
}

/**
 * Compiles one `$group` output field (`{ $sum: '$qty' }` …) into an accumulator factory.
 *
 * @example
 * ```ts
 * const make = compileAccumulator('$sum', '$qty');
 * ```
 */
export function compileAccumulator(op: string, arg: unknown): AccumulatorFactory {
  switch (op) {
    case '$sum':
      return simple(arg, sum);
    case '$count':
      if (!isDocument(arg) || Object.keys(arg).length > 0)
        throw fail(40237, 'The $count accumulator is a unary operator');
      return simple({ $literal: 1 }, sum);
    case '$avg':
      return simple(arg, () => {
        let total: Num = { t: 'int', v: 0 };
        let count = 0;
        return {
          push(value) {
            const n = toNum(value);
            if (!n) return;
            total = addNums(total, n);
            count += 1;
          },
          result: () => (count === 0 ? null : fromNum(divNums(total, { t: 'int', v: count }))),
        };
      });
    case '$min':
    case '$max': {
      const sign = op === '$max' ? 1 : -1;
      return simple(arg, () => {
        let best: unknown;
        return {
          push(value) {
            if (value === undefined || value === null) return;
            if (best === undefined || compareValues(value, best) * sign > 0) best = value;
          },
          result: () => best ?? null,
        };
      });
    }
    case '$first':
    case '$last': {
      const last = op === '$last';
      return simple(arg, () => {
        let seen = false;
        let value: unknown = null;
        return {
          push(v) {
            if (last || !seen) value = v ?? null;
            seen = true;
          },
          result: () => value,
        };
      });
    }
    case '$push':
      return simple(arg, () => {
        const values: unknown[] = [];
        return { push: (v) => void (v !== undefined && values.push(v)), result: () => values };
      });
    case '$addToSet':
      return simple(arg, () => {
        const values = new Map<string, unknown>();
        return {
          push(v) {
            if (v === undefined) return;
            const key = canonicalKey(v);
            if (!values.has(key)) values.set(key, v);
          },
          result: () => [...values.values()],
        };
      });
    case '$mergeObjects':
      return simple(arg, () => {
        const out: Doc = {};
        return {
          push(v) {
            if (v === undefined || v === null) return;
            if (!isDocument(v))
              throw fail(40400, `$mergeObjects requires object inputs, but input is of type ${typeName(v)}`);
            Object.assign(out, v);
          },
          result: () => out,
        };
      });
    case '$stdDevPop':
    case '$stdDevSamp':
      return simple(arg, () => {
        const values: unknown[] = [];
        return { push: (v) => void values.push(v), result: () => stdDevValues(values, op === '$stdDevSamp') };
      });
    case '$percentile':
    case '$median': {
      const spec = objectArgs(arg, op, op === '$median' ? ['input', 'method'] : ['input', 'p', 'method']);
      const ps = percentileSpec(spec, op);
      return () => {
        const values: unknown[] = [];
        return {
          add: (env) => void values.push(evaluate(spec['input'], env)),
          result: () => {
            const out = percentileValues(values, ps);
            return op === '$median' ? out[0] : out;
          },
        };
      };
    }
    case '$top':
    case '$bottom':
      return sorted(arg, op, op === '$bottom', false);
    case '$topN':
    case '$bottomN':
      return sorted(arg, op, op === '$bottomN', true);
    case '$firstN':
      return nValues(arg, op, 'first');
    case '$lastN':
      return nValues(arg, op, 'last');
    case '$maxN':
      return nValues(arg, op, 'max');
    case '$minN':
      return nValues(arg, op, 'min');
    default:
      throw fail(15952, `unknown group operator '${op}'`);
  }
}
