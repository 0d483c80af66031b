import { Long } from 'bson';
import {
  avgValues,
  extremeValue,
  percentileSpec,
  percentileValues,
  stdDevValues,
  sumValues,
} from './accumulate.js';
import {
  type Env,
  type OperatorFn,
  evalAll,
  evalArgs,
  evaluate,
  isNullish,
  namedArgs,
  typeName,
} from './evaluate.js';
import { fail } from './fail.js';
import {
  type Dec,
  type Num,
  addNums,
  decFromDouble,
  decFromString,
  decToNumber,
  divNums,
  fromNum,
  intResult,
  isZero,
  modNums,
  mulNums,
  numToDouble,
  subNums,
  toNum,
} from './numeric.js';

function numOrFail(value: unknown, code: number, message: (type: string) => string): Num {
  const n = toNum(value);
  if (!n) throw fail(code, message(typeName(value)));
  return n;
}

/** A date plus milliseconds, rounding a fractional offset as MongoDB does. */
function shiftDate(date: Date, ms: Num): Date {
  return new Date(date.getTime() + Math.round(numToDouble(ms)));
}

// MongoDB 7.0 reports operand type errors of $add/$subtract/$multiply/$divide/$mod as TypeMismatch
// and division by zero as BadValue (their `apply` helpers return a Status); $mod by zero stays 16610.
const $add: OperatorFn = (args, env) => {
  const values = evalAll(args, env);
  let total: Num = { t: 'int', v: 0 };
  let date: Date | undefined;
  for (const value of values) {
    if (isNullish(value)) return null;
    if (value instanceof Date) {
      if (date) throw fail(16612, 'only one date allowed in an $add expression');
      date = value;
      continue;
    }
    total = addNums(
      total,
      numOrFail(value, 14, (t) => `$add only supports numeric or date types, not ${t}`),
    );
  }
  return date ? shiftDate(date, total) : fromNum(total);
};

const $subtract: OperatorFn = (args, env, name) => {
  const [a, b] = evalArgs(args, env, name, 2);
  if (isNullish(a) || isNullish(b)) return null;
  if (a instanceof Date && b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
  const bn = toNum(b);
  if (a instanceof Date && bn) return shiftDate(a, { t: 'double', v: -numToDouble(bn) });
  const an = toNum(a);
  if (!an || !bn) throw fail(14, `can't $subtract ${typeName(b)} from ${typeName(a)}`);
  return fromNum(subNums(an, bn));
};

const $multiply: OperatorFn = (args, env) => {
  let total: Num = { t: 'int', v: 1 };
  for (const value of evalAll(args, env)) {
    if (isNullish(value)) return null;
    total = mulNums(
      total,
      numOrFail(value, 14, (t) => `$multiply only supports numeric types, not ${t}`),
    );
  }
  return fromNum(total);
};

const $divide: OperatorFn = (args, env, name) => {
  const [a, b] = evalArgs(args, env, name, 2);
  if (isNullish(a) || isNullish(b)) return null;
  const an = toNum(a);
  const bn = toNum(b);
  if (!an || !bn)
    throw fail(14, `$divide only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
  if (isZero(bn)) throw fail(2, "can't $divide by zero");
  return fromNum(divNums(an, bn));
};

const $mod: OperatorFn = (args, env, name) => {
  const [a, b] = evalArgs(args, env, name, 2);
  if (isNullish(a) || isNullish(b)) return null;
  const an = toNum(a);
  const bn = toNum(b);
  if (!an || !bn) throw fail(14, `$mod only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
  if (isZero(bn)) throw fail(16610, "can't $mod by zero");
  return fromNum(modNums(an, bn));
};

/** A one-argument numeric operator: null in, null out; non-numbers rejected with code 28765. */
function unary(fn: (n: Num, name: string) => Num): OperatorFn {
  return (args, env, name) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    const n = numOrFail(value, 28765, (t) => `${name} only supports numeric types, not ${t}`);
    return fromNum(fn(n, name));
  };
}

/** Applies a double function, keeping decimals decimal (computed through a double: an approximation). */
function viaDouble(n: Num, fn: (x: number) => number): Num {
  const v = fn(numToDouble(n));
  return n.t === 'decimal' ? { t: 'decimal', v: decFromString(String(v)) } : { t: 'double', v };
}

/** Rounds `d` to `place` decimal places; `mode` 'round' is half-to-even, as `$round` is. */
function roundDec(d: Dec, place: number, mode: 'round' | 'trunc' | 'floor' | 'ceil'): Dec {
  if ('special' in d || d.e >= -place) return d;
  const drop = BigInt(-place - d.e);
  const unit = 10n ** drop;
  let q = d.c / unit;
  const r = d.c % unit;
  if (r !== 0n) {
    const neg = d.c < 0n;
    if (mode === 'floor' && neg) q -= 1n;
    else if (mode === 'ceil' && !neg) q += 1n;
    else if (mode === 'round') {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > unit || (twice === unit && q % 2n !== 0n)) q += neg ? -1n : 1n;
    }
  }
  return { c: q, e: -place };
}

function roundNum(n: Num, place: number, mode: 'round' | 'trunc' | 'floor' | 'ceil'): Num {
  if (n.t === 'decimal') return { t: 'decimal', v: roundDec(n.v, place, mode) };
  if (n.t === 'double') {
    if (!Number.isFinite(n.v)) return n;
    // The server widens the double to a 34-digit decimal, quantizes, and converts back.
    const rounded = roundDec(decFromDouble(n.v, 34), place, mode);
    return { t: 'double', v: decToNumber(rounded) };
  }
  if (place >= 0) return n;
  const v = n.t === 'int' ? BigInt(n.v) : n.v;
  const r = roundDec({ c: v, e: 0 }, place, mode) as { c: bigint; e: number };
  const out = r.c * 10n ** BigInt(r.e);
  return n.t === 'int' ? intResult(out) : { t: 'long', v: out };
}

function rounding(mode: 'round' | 'trunc'): OperatorFn {
  return (args, env, name) => {
    const [value, placeArg] = evalArgs(args, env, name, 1, 2);
    if (isNullish(value) || placeArg === null) return null;
    const n = numOrFail(value, 51081, (t) => `${name} only supports numeric types, not ${t}`);
    const placeNum = placeArg === undefined ? { t: 'int' as const, v: 0 } : toNum(placeArg);
    if (placeNum === undefined)
      throw fail(51082, `${name} requires "place" argument to be an integer between -20 and 100`);
    const place = numToDouble(placeNum);
    if (!Number.isInteger(place) || place < -20 || place > 100) {
      throw fail(51083, `cannot apply ${name} with precision value ${place} value must be in [-20, 100]`);
    }
    return fromNum(roundNum(n, place, mode));
  };
}

function pow(base: Num, exp: Num): Num {
  if (base.t === 'decimal' || exp.t === 'decimal')
    return viaDouble({ t: 'decimal', v: { c: 0n, e: 0 } }, () => numToDouble(base) ** numToDouble(exp));
  if (isZero(base) && numToDouble(exp) < 0)
    throw fail(28764, '$pow cannot take a base of 0 and a negative exponent');
  if (base.t === 'double' || exp.t === 'double')
    return { t: 'double', v: numToDouble(base) ** numToDouble(exp) };
  const b = base.t === 'int' ? BigInt(base.v) : base.v;
  const e = exp.t === 'int' ? BigInt(exp.v) : exp.v;
  const wide = base.t === 'long' || exp.t === 'long';
  if (e < 0n) {
    if (b === 1n) return wide ? { t: 'long', v: 1n } : { t: 'int', v: 1 };
    if (b === -1n) {
      const v = e % 2n === 0n ? 1n : -1n;
      return wide ? { t: 'long', v } : { t: 'int', v: Number(v) };
    }
    return { t: 'double', v: Number(b) ** Number(e) };
  }
  if (e > 63n && b !== 0n && b !== 1n && b !== -1n) return { t: 'double', v: Number(b) ** Number(e) };
  const v = b ** e;
  const r = intResult(v);
  return wide && r.t === 'int' ? { t: 'long', v } : r;
}

/** Expression form of `$sum`/`$avg`/…: one array argument means "over its elements". */
function overArgs(fn: (values: unknown[]) => unknown): OperatorFn {
  return (args, env) => {
    const values = evalAll(args, env);
    const only = values[0];
    return fn(values.length === 1 && Array.isArray(only) ? only : values);
  };
}

function positive(code: number, label: string): (x: number) => number {
  return (x) => {
    if (!(x > 0)) throw fail(code, `${label}'s argument must be a positive number, but ${x}`);
    return x;
  };
}

/** Expression `$percentile`/`$median`: over an array input (or a single numeric value). */
const percentile: OperatorFn = (args, env, name) => {
  const spec = namedArgs(
    args,
    name,
    name === '$median' ? ['input', 'method'] : ['input', 'p', 'method'],
    7436200,
  );
  const ps = percentileSpec(spec, name);
  const input = evaluate(spec['input'], env);
  const out = percentileValues(Array.isArray(input) ? input : [input], ps);
  return name === '$median' ? out[0] : out;
};

/** `$bitAnd`/`$bitOr`/`$bitXor`: int32 or int64 operands only; the result is long if any operand is. */
function bitwise(op: (a: bigint, b: bigint) => bigint, identity: bigint): OperatorFn {
  return (args, env, name) => {
    let acc = identity;
    let wide = false;
    for (const value of evalAll(args, env)) {
      if (isNullish(value)) return null;
      const n = toNum(value);
      if (!n || (n.t !== 'int' && n.t !== 'long')) {
        throw fail(14, `${name} only supports int and long operands.`);
      }
      wide ||= n.t === 'long';
      acc = op(acc, n.t === 'int' ? BigInt(n.v) : n.v);
    }
    return wide
      ? Long.fromBigInt(BigInt.asIntN(64, acc))
      : fromNum({ t: 'int', v: Number(BigInt.asIntN(32, acc)) });
  };
}

/** Arithmetic operators with MongoDB's int/long/double/decimal result types. */
export const arithmeticOperators: Record<string, OperatorFn> = {
  $add,
  $subtract,
  $multiply,
  $divide,
  $mod,
  $abs: unary((n) => {
    if (n.t === 'int') return intResult(BigInt(Math.abs(n.v)));
    if (n.t === 'long') {
      if (n.v === -(2n ** 63n)) throw fail(28680, "can't take $abs of long long min");
      return { t: 'long', v: n.v < 0n ? -n.v : n.v };
    }
    if (n.t === 'double') return { t: 'double', v: Math.abs(n.v) };
    const d = n.v;
    return {
      t: 'decimal',
      v:
        'special' in d
          ? d.special === '-Infinity'
            ? { special: 'Infinity' }
            : d
          : { c: d.c < 0n ? -d.c : d.c, e: d.e },
    };
  }),
  $ceil: unary((n) => roundNum(n, 0, 'ceil')),
  $floor: unary((n) => roundNum(n, 0, 'floor')),
  $round: rounding('round'),
  $trunc: rounding('trunc'),
  $sqrt: unary((n) =>
    viaDouble(n, (x) => {
      if (x < 0) throw fail(28714, "$sqrt's argument must be greater than or equal to 0");
      return Math.sqrt(x);
    }),
  ),
  $exp: unary((n) => viaDouble(n, Math.exp)),
  $ln: unary((n) => viaDouble(n, (x) => Math.log(positive(28766, '$ln')(x)))),
  $log10: unary((n) => viaDouble(n, (x) => Math.log10(positive(28761, '$log10')(x)))),
  $log: (args: unknown, env: Env, name: string) => {
    const [value, base] = evalArgs(args, env, name, 2);
    if (isNullish(value) || isNullish(base)) return null;
    const n = numOrFail(value, 28756, (t) => `$log's argument must be numeric, not ${t}`);
    const b = numOrFail(base, 28757, (t) => `$log's base must be numeric, not ${t}`);
    const x = positive(28758, '$log')(numToDouble(n));
    const bv = numToDouble(b);
    if (!(bv > 0) || bv === 1)
      throw fail(28759, `$log's base must be a positive number not equal to 1, but is ${bv}`);
    return fromNum(
      viaDouble(
        n.t === 'decimal' || b.t === 'decimal' ? { t: 'decimal', v: { c: 0n, e: 0 } } : n,
        () => Math.log(x) / Math.log(bv),
      ),
    );
  },
  $pow: (args: unknown, env: Env, name: string) => {
    const [base, exp] = evalArgs(args, env, name, 2);
    if (isNullish(base) || isNullish(exp)) return null;
    const b = numOrFail(base, 28762, (t) => `$pow's base must be numeric, not ${t}`);
    const e = numOrFail(exp, 28763, (t) => `$pow's exponent must be numeric, not ${t}`);
    return fromNum(pow(b, e));
  },
  $sum: overArgs(sumValues),
  $avg: overArgs(avgValues),
  $min: overArgs((v) => extremeValue(v, -1)),
  $max: overArgs((v) => extremeValue(v, 1)),
  $stdDevPop: overArgs((v) => stdDevValues(v, false)),
  $stdDevSamp: overArgs((v) => stdDevValues(v, true)),
  $percentile: percentile,
  $median: percentile,
  $bitAnd: bitwise((a, b) => a & b, -1n),
  $bitOr: bitwise((a, b) => a | b, 0n),
  $bitXor: bitwise((a, b) => a ^ b, 0n),
  $bitNot: (args: unknown, env: Env, name: string) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    const n = toNum(value);
    if (n?.t === 'int') return fromNum({ t: 'int', v: ~n.v });
    if (n?.t === 'long') return Long.fromBigInt(BigInt.asIntN(64, ~n.v));
    throw fail(14, `$bitNot only supports int and long, not: ${typeName(value)}.`);
  },
  $degreesToRadians: unary((n) => viaDouble(n, (x) => (x * Math.PI) / 180)),
  $radiansToDegrees: unary((n) => viaDouble(n, (x) => (x * 180) / Math.PI)),
  $atan2: (args: unknown, env: Env, name: string) => {
    const [y, x] = evalArgs(args, env, name, 2);
    if (isNullish(y) || isNullish(x)) return null;
    const yn = numOrFail(y, 51044, (t) => `$atan2 only supports numeric types, not ${t}`);
    const xn = numOrFail(x, 51045, (t) => `$atan2 only supports numeric types, not ${t}`);
    return fromNum(
      viaDouble(yn.t === 'decimal' || xn.t === 'decimal' ? { t: 'decimal', v: { c: 0n, e: 0 } } : yn, () =>
        Math.atan2(numToDouble(yn), numToDouble(xn)),
      ),
    );
  },
  ...Object.fromEntries(
    (
      [
        'sin',
        'cos',
        'tan',
        'asin',
        'acos',
        'atan',
        'sinh',
        'cosh',
        'tanh',
        'asinh',
        'acosh',
        'atanh',
      ] as const
    ).map((fn) => [`$${fn}`, unary((n) => viaDouble(n, Math[fn]))]),
  ),
};
