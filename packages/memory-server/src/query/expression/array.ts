import { Int32 } from 'bson';
import type { Doc } from '../../bson.js';
import { canonicalKey, compareValues } from '../compare.js';
import { compileSort } from '../sort.js';
import {
  type Env,
  type OperatorFn,
  argList,
  evalAll,
  evalArgs,
  evaluate,
  isDocument,
  isNullish,
  isTruthy,
  namedArgs,
  typeName,
  withVars,
} from './evaluate.js';
import { fail } from './fail.js';
import { checkVariableName, compareAgg } from './logic.js';
import { numToDouble, toNum } from './numeric.js';

/** An integral int32-representable argument, or the given error. */
export function int32Arg(value: unknown, code: number, message: string): number {
  const n = toNum(value);
  const v = n ? numToDouble(n) : NaN;
  if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw fail(code, message);
  return v;
}

function arrayOf(value: unknown, code: number, message: string): unknown[] {
  if (!Array.isArray(value)) throw fail(code, message);
  return value;
}

function firstOrLast(last: boolean): OperatorFn {
  return (args, env, name) => {
    const [arr] = evalArgs(args, env, name, 1);
    if (isNullish(arr)) return null;
    const list = arrayOf(arr, 28689, `${name}'s argument must be an array, but is ${typeName(arr)}`);
    return last ? list[list.length - 1] : list[0];
  };
}

/** Parses `as`/`input` style iteration specs shared by `$map` and `$filter`. */
function iteration(
  args: unknown,
  env: Env,
  name: string,
  allowed: string[],
  code: number,
): { spec: Doc; input: unknown[] | null; as: string } {
  const spec = namedArgs(args, name, allowed, code);
  const asName = spec['as'] ?? 'this';
  if (typeof asName !== 'string') throw fail(code, `${name} 'as' must be a string`);
  checkVariableName(asName);
  const input = evaluate(spec['input'], env);
  if (isNullish(input)) return { spec, input: null, as: asName };
  const expected = name === '$map' ? 16883 : 28651;
  return {
    spec,
    input: arrayOf(input, expected, `input to ${name} must be an array not ${typeName(input)}`),
    as: asName,
  };
}

function nArg(spec: Doc, env: Env): number {
  const n = evaluate(spec['n'], env);
  const num = toNum(n);
  const v = num ? numToDouble(num) : NaN;
  if (!Number.isInteger(v))
    throw fail(5787902, `Value for 'n' must be of integral type, but found ${String(n)}`);
  if (v <= 0) throw fail(5787908, `'n' must be greater than 0, found ${v}`);
  return v;
}

function nOperator(kind: 'firstN' | 'lastN' | 'maxN' | 'minN'): OperatorFn {
  return (args, env, name) => {
    const spec = namedArgs(args, name, ['input', 'n'], 5787901);
    const n = nArg(spec, env);
    const input = evaluate(spec['input'], env);
    const list = arrayOf(input, 5788200, `Input to ${name} must be an array, but found ${typeName(input)}`);
    if (kind === 'firstN') return list.slice(0, n);
    if (kind === 'lastN') return list.slice(Math.max(0, list.length - n));
    const sign = kind === 'maxN' ? -1 : 1;
    return list
      .filter((v) => !isNullish(v))
      .sort((a, b) => sign * compareValues(a, b))
      .slice(0, n);
  };
}

function setArgs(args: unknown, env: Env, name: string, code: number): unknown[][] | null {
  const values = evalAll(args, env);
  let sawNull = false;
  const out: unknown[][] = [];
  for (const value of values) {
    if (isNullish(value)) sawNull = true;
    else
      out.push(
        arrayOf(
          value,
          code,
          `All operands of ${name} must be arrays. One argument is of type: ${typeName(value)}`,
        ),
      );
  }
  return sawNull ? null : out;
}

function dedupe(values: Iterable<unknown>): Map<string, unknown> {
  const seen = new Map<string, unknown>();
  for (const value of values) {
    const key = canonicalKey(value);
    if (!seen.has(key)) seen.set(key, value);
  }
  return seen;
}

function arrayToObject(value: unknown): Doc | null {
  if (isNullish(value)) return null;
  const list = arrayOf(value, 40386, `$arrayToObject requires an array input, found: ${typeName(value)}`);
  const out: Doc = {};
  const pairsAsArrays = Array.isArray(list[0]);
  for (const item of list) {
    let key: unknown;
    let val: unknown;
    if (pairsAsArrays) {
      if (!Array.isArray(item))
        throw fail(
          40391,
          `$arrayToObject requires a consistent input format. Elements must all be arrays or all be objects. Array was detected, now found: ${typeName(item)}`,
        );
      if (item.length !== 2)
        throw fail(
          40397,
          `$arrayToObject requires an array of size 2 arrays,found array of size: ${item.length}`,
        );
      [key, val] = item;
    } else {
      if (!isDocument(item))
        throw fail(
          40390,
          `$arrayToObject requires a consistent input format. Expected an object, found: ${typeName(item)}`,
        );
      const keys = Object.keys(item);
      if (keys.length !== 2 || !('k' in item) || !('v' in item)) {
        throw fail(40393, "$arrayToObject requires an object with keys 'k' and 'v'.");
      }
      key = item['k'];
      val = item['v'];
    }
    if (typeof key !== 'string')
      throw fail(
        40394,
        `$arrayToObject requires an object with keys 'k' and 'v', where the value of 'k' must be of type string. Found type: ${typeName(key)}`,
      );
    if (key.includes('\0')) throw fail(4940401, 'Key field cannot contain an embedded null byte');
    out[key] = val;
  }
  return out;
}

function range(args: unknown, env: Env, name: string): Int32[] {
  const [s, e, st] = evalArgs(args, env, name, 2, 3);
  if (!toNum(s))
    throw fail(34443, `$range requires a numeric starting value, found value of type: ${typeName(s)}`);
  const start = int32Arg(
    s,
    34444,
    `$range requires a starting value that can be represented as a 32-bit integer, found value: ${String(s)}`,
  );
  if (!toNum(e))
    throw fail(34445, `$range requires a numeric ending value, found value of type: ${typeName(e)}`);
  const end = int32Arg(
    e,
    34446,
    `$range requires an ending value that can be represented as a 32-bit integer, found value: ${String(e)}`,
  );
  let step = 1;
  if (st !== undefined) {
    if (!toNum(st))
      throw fail(34447, `$range requires a numeric step value, found value of type: ${typeName(st)}`);
    step = int32Arg(
      st,
      34448,
      `$range requires a step value that can be represented as a 32-bit integer, found value: ${String(st)}`,
    );
  }
  if (step === 0) throw fail(34449, '$range requires a non-zero step value');
  const out: Int32[] = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(new Int32(i));
  return out;
}

function zip(args: unknown, env: Env): unknown[][] | null {
  const spec = namedArgs(args, '$zip', ['inputs', 'useLongestLength', 'defaults'], 34464);
  const inputsSpec = spec['inputs'];
  if (!Array.isArray(inputsSpec))
    throw fail(34460, 'inputs must be an array of expressions, found ' + typeName(inputsSpec));
  const longest = spec['useLongestLength'] === true;
  const inputs: unknown[][] = [];
  for (const expr of inputsSpec) {
    const value = evaluate(expr, env);
    if (isNullish(value)) return null;
    inputs.push(arrayOf(value, 34468, `$zip found a non-array expression in input: ${typeName(value)}`));
  }
  let defaults: unknown[] = [];
  if (spec['defaults'] !== undefined) {
    if (!longest) throw fail(34466, 'cannot specify defaults unless useLongestLength is true');
    defaults = arrayOf(evaluate(spec['defaults'], env), 34462, 'defaults must be an array');
    if (defaults.length !== inputs.length) throw fail(34465, 'defaults and inputs must have the same length');
  }
  const lengths = inputs.map((a) => a.length);
  const size = lengths.length === 0 ? 0 : longest ? Math.max(...lengths) : Math.min(...lengths);
  return Array.from({ length: size }, (_, i) =>
    inputs.map((a, j) => (i < a.length ? a[i] : (defaults[j] ?? null))),
  );
}

/** Array and set operators; set results are deduplicated by MongoDB equality. */
export const arrayOperators: Record<string, OperatorFn> = {
  $arrayElemAt: (args: unknown, env: Env, name: string) => {
    const [arr, idx] = evalArgs(args, env, name, 2);
    if (isNullish(arr) || isNullish(idx)) return null;
    const list = arrayOf(
      arr,
      28689,
      `$arrayElemAt's first argument must be an array, but is ${typeName(arr)}`,
    );
    if (!toNum(idx))
      throw fail(28690, `$arrayElemAt's second argument must be a numeric value, but is ${typeName(idx)}`);
    const i = int32Arg(
      idx,
      28691,
      `$arrayElemAt's second argument must be representable as a 32-bit integer: ${String(idx)}`,
    );
    return i < 0 ? list[list.length + i] : list[i];
  },
  $first: firstOrLast(false),
  $last: firstOrLast(true),
  $size: (args: unknown, env: Env, name: string) => {
    const [arr] = evalArgs(args, env, name, 1);
    return new Int32(
      arrayOf(arr, 17124, `The argument to $size must be an array. Type of argument: ${typeName(arr)}`)
        .length,
    );
  },
  $isArray: (args: unknown, env: Env, name: string) => Array.isArray(evalArgs(args, env, name, 1)[0]),
  $slice: (args: unknown, env: Env, name: string) => {
    const values = evalArgs(args, env, name, 2, 3);
    if (values.some(isNullish)) return null;
    const list = arrayOf(
      values[0],
      28724,
      `First argument to $slice must be an array, but is of type: ${typeName(values[0])}`,
    );
    if (values.length === 2) {
      const n = int32Arg(
        values[1],
        28725,
        `Second argument to $slice must be a numeric value, but was of type: ${typeName(values[1])}`,
      );
      return n >= 0 ? list.slice(0, n) : list.slice(Math.max(0, list.length + n));
    }
    let pos = int32Arg(
      values[1],
      28725,
      `Second argument to $slice must be a numeric value, but was of type: ${typeName(values[1])}`,
    );
    const n = int32Arg(
      values[2],
      28727,
      `Third argument to $slice must be numeric, but was of type: ${typeName(values[2])}`,
    );
    if (n <= 0) throw fail(28729, `Third argument to $slice must be positive: ${n}`);
    if (pos < 0) pos = Math.max(0, list.length + pos);
    return list.slice(pos, pos + n);
  },
  $concatArrays: (args: unknown, env: Env) => {
    const out: unknown[] = [];
    for (const value of evalAll(args, env)) {
      if (isNullish(value)) return null;
      out.push(...arrayOf(value, 28664, `$concatArrays only supports arrays, not ${typeName(value)}`));
    }
    return out;
  },
  $filter: (args: unknown, env: Env, name: string) => {
    const { spec, input, as } = iteration(args, env, name, ['input', 'as', 'cond', 'limit'], 28647);
    if (!('input' in spec)) throw fail(28648, "Missing 'input' parameter to $filter");
    if (!('cond' in spec)) throw fail(28650, "Missing 'cond' parameter to $filter");
    let limit = Infinity;
    if (spec['limit'] !== undefined) {
      const l = evaluate(spec['limit'], env);
      if (!isNullish(l)) {
        limit = int32Arg(
          l,
          327391,
          `$filter: limit must be represented as a 32-bit integral value: ${String(l)}`,
        );
        if (limit < 1) throw fail(327392, `$filter: limit must be greater than 0: ${limit}`);
      }
    }
    if (!input) return null;
    const out: unknown[] = [];
    for (const item of input) {
      if (out.length >= limit) break;
      if (isTruthy(evaluate(spec['cond'], withVars(env, { [as]: item })))) out.push(item);
    }
    return out;
  },
  $map: (args: unknown, env: Env, name: string) => {
    const { spec, input, as } = iteration(args, env, name, ['input', 'as', 'in'], 16879);
    if (!('input' in spec)) throw fail(16880, "Missing 'input' parameter to $map");
    if (!('in' in spec)) throw fail(16882, "Missing 'in' parameter to $map");
    if (!input) return null;
    return input.map((item) => evaluate(spec['in'], withVars(env, { [as]: item })) ?? null);
  },
  $reduce: (args: unknown, env: Env, name: string) => {
    const spec = namedArgs(args, name, ['input', 'initialValue', 'in'], 40076);
    if (!('input' in spec) || !('initialValue' in spec) || !('in' in spec)) {
      throw fail(40079, "$reduce requires 'input', 'initialValue' and 'in' to be specified");
    }
    const input = evaluate(spec['input'], env);
    if (isNullish(input)) return null;
    const list = arrayOf(
      input,
      40080,
      `$reduce requires that 'input' be an array, found: ${typeName(input)}`,
    );
    let value = evaluate(spec['initialValue'], env);
    for (const item of list) value = evaluate(spec['in'], withVars(env, { value, this: item }));
    return value;
  },
  $in: (args: unknown, env: Env, name: string) => {
    const [x, arr] = evalArgs(args, env, name, 2);
    const list = arrayOf(arr, 40081, `$in requires an array as a second argument, found: ${typeName(arr)}`);
    return list.some((item) => compareAgg(x, item) === 0);
  },
  $indexOfArray: (args: unknown, env: Env, name: string) => {
    const [arr, x, s, e] = evalArgs(args, env, name, 2, 4);
    if (isNullish(arr)) return null;
    const list = arrayOf(
      arr,
      40090,
      `$indexOfArray requires an array as a first argument, found: ${typeName(arr)}`,
    );
    const start =
      s === undefined
        ? 0
        : int32Arg(
            s,
            40096,
            `$indexOfArray requires an integral starting index, found a value of type: ${typeName(s)}`,
          );
    const end =
      e === undefined
        ? list.length
        : int32Arg(
            e,
            40096,
            `$indexOfArray requires an integral ending index, found a value of type: ${typeName(e)}`,
          );
    if (start < 0 || end < 0) throw fail(40097, '$indexOfArray requires a nonnegative index');
    for (let i = start; i < Math.min(end, list.length); i += 1) {
      if (compareAgg(list[i], x) === 0) return new Int32(i);
    }
    return new Int32(-1);
  },
  $range: range,
  $reverseArray: (args: unknown, env: Env, name: string) => {
    const [arr] = evalArgs(args, env, name, 1);
    if (isNullish(arr)) return null;
    return [
      ...arrayOf(
        arr,
        34435,
        `The argument to $reverseArray must be an array, but was of type: ${typeName(arr)}`,
      ),
    ].reverse();
  },
  $zip: zip,
  $arrayToObject: (args: unknown, env: Env, name: string) => arrayToObject(evalArgs(args, env, name, 1)[0]),
  $objectToArray: (args: unknown, env: Env, name: string) => {
    const [obj] = evalArgs(args, env, name, 1);
    if (isNullish(obj)) return null;
    if (!isDocument(obj))
      throw fail(40390, `$objectToArray requires a document input, found: ${typeName(obj)}`);
    return Object.entries(obj).map(([k, v]) => ({ k, v }));
  },
  $sortArray: (args: unknown, env: Env, name: string) => {
    const spec = namedArgs(args, name, ['input', 'sortBy'], 2942504);
    const input = evaluate(spec['input'], env);
    if (isNullish(input)) return null;
    const list = arrayOf(
      input,
      2942500,
      `The input argument to $sortArray must be an array, but was of type: ${typeName(input)}`,
    );
    const sortBy = spec['sortBy'];
    const dir = toNum(sortBy);
    if (dir) {
      const sign = numToDouble(dir) < 0 ? -1 : 1;
      return [...list].sort((a, b) => sign * compareValues(a, b));
    }
    if (!isDocument(sortBy))
      throw fail(2942502, '$sortArray sortBy must be either a sort specification or a number');
    const cmp = compileSort(sortBy);
    return [...list].sort((a, b) => cmp(isDocument(a) ? a : {}, isDocument(b) ? b : {}));
  },
  $firstN: nOperator('firstN'),
  $lastN: nOperator('lastN'),
  $maxN: nOperator('maxN'),
  $minN: nOperator('minN'),
  $allElementsTrue: (args: unknown, env: Env, name: string) => {
    const [arr] = evalArgs(args, env, name, 1);
    return arrayOf(arr, 17040, `${name}'s argument must be an array, but is ${typeName(arr)}`).every(
      isTruthy,
    );
  },
  $anyElementTrue: (args: unknown, env: Env, name: string) => {
    const [arr] = evalArgs(args, env, name, 1);
    return arrayOf(arr, 17041, `${name}'s argument must be an array, but is ${typeName(arr)}`).some(isTruthy);
  },
  $setUnion: (args: unknown, env: Env, name: string) => {
    const sets = setArgs(args, env, name, 17043);
    return sets ? [...dedupe(sets.flat()).values()] : null;
  },
  $setIntersection: (args: unknown, env: Env, name: string) => {
    const sets = setArgs(args, env, name, 17047);
    if (!sets) return null;
    if (sets.length === 0) return [];
    const keys = sets.slice(1).map((s) => new Set(s.map(canonicalKey)));
    return [...dedupe(sets[0] ?? []).entries()]
      .filter(([k]) => keys.every((s) => s.has(k)))
      .map(([, v]) => v);
  },
  $setDifference: (args: unknown, env: Env, name: string) => {
    const [a, b] = evalArgs(args, env, name, 2);
    if (isNullish(a) || isNullish(b)) return null;
    const first = arrayOf(
      a,
      17048,
      `both operands of $setDifference must be arrays. First argument is of type: ${typeName(a)}`,
    );
    const second = arrayOf(
      b,
      17049,
      `both operands of $setDifference must be arrays. Second argument is of type: ${typeName(b)}`,
    );
    const remove = new Set(second.map(canonicalKey));
    return [...dedupe(first).entries()].filter(([k]) => !remove.has(k)).map(([, v]) => v);
  },
  $setEquals: (args: unknown, env: Env, name: string) => {
    const values = argList(args);
    if (values.length < 2) throw fail(17045, `${name} needs at least two arguments had: ${values.length}`);
    const sets = evalAll(args, env).map(
      (v) =>
        new Set(
          arrayOf(
            v,
            17044,
            `All operands of $setEquals must be arrays. One argument is of type: ${typeName(v)}`,
          ).map(canonicalKey),
        ),
    );
    const [first, ...rest] = sets;
    return rest.every((s) => s.size === first?.size && [...s].every((k) => first.has(k)));
  },
  $setIsSubset: (args: unknown, env: Env, name: string) => {
    const [a, b] = evalArgs(args, env, name, 2);
    const first = arrayOf(
      a,
      17046,
      `both operands of $setIsSubset must be arrays. First argument is of type: ${typeName(a)}`,
    );
    const second = new Set(
      arrayOf(
        b,
        17042,
        `both operands of $setIsSubset must be arrays. Second argument is of type: ${typeName(b)}`,
      ).map(canonicalKey),
    );
    return first.every((v) => second.has(canonicalKey(v)));
  },
};
