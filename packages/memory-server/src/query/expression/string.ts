import { BSONRegExp, Int32 } from 'bson';
import type { Doc } from '../../bson.js';
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
import { formatDoubleG, numToDouble, toNum } from './numeric.js';

/**
 * String coercion used by `$toLower`, `$substr*`, `$strcasecmp`: null becomes '', numbers and dates print.
 *
 * @example
 * ```ts
 * coerceString(new Int32(5), '$toLower'); // '5'
 * ```
 */
export function coerceString(value: unknown, name: string): string {
  if (isNullish(value)) return '';
  if (typeof value === 'string') return value;
  const n = toNum(value);
  if (n)
    return n.t === 'long'
      ? n.v.toString()
      : n.t === 'decimal'
        ? String(value)
        : n.t === 'double'
          ? formatDoubleG(n.v)
          : String(n.v);
  if (value instanceof Date) return value.toISOString();
  throw fail(16007, `can't convert from BSON type ${typeName(value)} to String (${name})`);
}

function intArg(value: unknown, code: number, message: string): number {
  const n = toNum(value);
  if (!n) throw fail(code, message);
  const v = numToDouble(n);
  if (!Number.isInteger(v)) throw fail(code, message);
  return v;
}

function isContinuation(bytes: Buffer, index: number): boolean {
  const b = bytes[index];
  return b !== undefined && (b & 0xc0) === 0x80;
}

const $substrBytes: OperatorFn = (args, env, name) => {
  const [s, startArg, lengthArg] = evalArgs(args, env, name, 3);
  const str = coerceString(s, name);
  const bytes = Buffer.from(str, 'utf8');
  const start = intArg(
    startArg,
    16034,
    `${name}:  starting index must be a numeric type (is BSON type ${typeName(startArg)})`,
  );
  const length = intArg(
    lengthArg,
    16035,
    `${name}:  length must be a numeric type (is BSON type ${typeName(lengthArg)})`,
  );
  if (start < 0) throw fail(50752, `${name}:  starting index must be non-negative (got: ${start})`);
  if (start >= bytes.length) return '';
  const end = length < 0 ? bytes.length : Math.min(bytes.length, start + length);
  if (isContinuation(bytes, start))
    throw fail(28656, `${name}:  Invalid range, starting index is a UTF-8 continuation byte.`);
  if (end < bytes.length && isContinuation(bytes, end))
    throw fail(28657, `${name}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
  return bytes.subarray(start, end).toString('utf8');
};

const $substrCP: OperatorFn = (args, env, name) => {
  const [s, startArg, lengthArg] = evalArgs(args, env, name, 3);
  const cps = Array.from(coerceString(s, name));
  const start = intArg(
    startArg,
    34450,
    `${name}: starting index must be a numeric type (is BSON type ${typeName(startArg)})`,
  );
  const length = intArg(
    lengthArg,
    34452,
    `${name}: length must be a numeric type (is BSON type ${typeName(lengthArg)})`,
  );
  if (start < 0) throw fail(34455, `${name}: starting index must be non-negative (got: ${start})`);
  if (length < 0) throw fail(34456, `${name}: length must be non-negative (got: ${length})`);
  return cps.slice(start, start + length).join('');
};

function stringLength(bytes: boolean): OperatorFn {
  return (args, env, name) => {
    const [s] = evalArgs(args, env, name, 1);
    if (typeof s !== 'string')
      throw fail(bytes ? 34473 : 34471, `${name} requires a string argument, found: ${typeName(s)}`);
    return new Int32(bytes ? Buffer.byteLength(s, 'utf8') : Array.from(s).length);
  };
}

const WHITESPACE = new Set([
  '\0',
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
]);

function trim(left: boolean, right: boolean): OperatorFn {
  return (args, env, name) => {
    const spec = namedArgs(args, name, ['input', 'chars'], 50696);
    if (!('input' in spec)) throw fail(50695, `${name} requires an 'input' field`);
    const input = evaluate(spec['input'], env);
    if (isNullish(input)) return null;
    if (typeof input !== 'string')
      throw fail(50699, `${name} requires its input to be a string, got ${typeName(input)} instead.`);
    let chars = WHITESPACE;
    if ('chars' in spec) {
      const c = evaluate(spec['chars'], env);
      if (isNullish(c)) return null;
      if (typeof c !== 'string')
        throw fail(50700, `${name} requires 'chars' to be a string, got ${typeName(c)} instead.`);
      chars = new Set(Array.from(c));
    }
    const cps = Array.from(input);
    let from = 0;
    let to = cps.length;
    while (left && from < to && chars.has(cps[from] as string)) from += 1;
    while (right && to > from && chars.has(cps[to - 1] as string)) to -= 1;
    return cps.slice(from, to).join('');
  };
}

function indexOf(bytes: boolean): OperatorFn {
  return (args, env, name) => {
    const [s, sub, startArg, endArg] = evalArgs(args, env, name, 2, 4);
    if (isNullish(s)) return null;
    if (typeof s !== 'string')
      throw fail(
        bytes ? 40091 : 40093,
        `${name} requires a string as the first argument, found: ${typeName(s)}`,
      );
    if (typeof sub !== 'string')
      throw fail(
        bytes ? 40092 : 40094,
        `${name} requires a string as the second argument, found: ${typeName(sub)}`,
      );
    const units: string[] | Buffer = bytes ? Buffer.from(s, 'utf8') : Array.from(s);
    const needle: string[] | Buffer = bytes ? Buffer.from(sub, 'utf8') : Array.from(sub);
    const start =
      startArg === undefined
        ? 0
        : intArg(
            startArg,
            40096,
            `${name} requires an integral starting index, found a value of type: ${typeName(startArg)}`,
          );
    const end =
      endArg === undefined
        ? units.length
        : intArg(
            endArg,
            40096,
            `${name} requires an integral ending index, found a value of type: ${typeName(endArg)}`,
          );
    if (start < 0 || end < 0) throw fail(40097, `${name} requires a nonnegative start/end index`);
    const limit = Math.min(end, units.length);
    for (let i = start; i + needle.length <= limit; i += 1) {
      let ok = true;
      for (let j = 0; j < needle.length; j += 1) {
        if (units[i + j] !== needle[j]) {
          ok = false;
          break;
        }
      }
      if (ok) return new Int32(i);
    }
    return new Int32(-1);
  };
}

/** Turns MongoDB/PCRE options into a JS RegExp; `x` (extended) is emulated by stripping whitespace and comments. */
function buildRegex(pattern: string, options: string, name: string): RegExp {
  let source = pattern;
  let flags = 'g';
  for (const opt of options) {
    if (opt === 'x') source = source.replace(/\\#|#[^\n]*|\s+/g, (m) => (m === '\\#' ? m : ''));
    else if (opt === 'i' || opt === 'm' || opt === 's') flags += opt;
    else if (opt !== 'u') throw fail(51108, `${name} invalid flag in regex options: ${opt}`);
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw fail(51111, `Invalid Regex in ${name}: ${(e as Error).message}`);
  }
}

function regexSpec(args: unknown, env: Env, name: string): { input: string; re: RegExp } | null {
  const spec = namedArgs(args, name, ['input', 'regex', 'options'], 31024);
  const input = evaluate(spec['input'], env);
  const regex = evaluate(spec['regex'], env);
  const optionsValue = evaluate(spec['options'], env);
  if (typeof input !== 'string' && !isNullish(input))
    throw fail(51104, `${name} needs 'input' to be of type string`);
  let pattern: string;
  let options = '';
  if (regex instanceof BSONRegExp) {
    pattern = regex.pattern;
    options = regex.options;
  } else if (regex instanceof RegExp) {
    pattern = regex.source;
    options = regex.flags.replace(/[gyud]/g, '');
  } else if (typeof regex === 'string') pattern = regex;
  else if (isNullish(regex)) return null;
  else throw fail(51105, `${name} needs 'regex' to be of type string or regex`);
  if (!isNullish(optionsValue)) {
    if (typeof optionsValue !== 'string') throw fail(51106, `${name} needs 'options' to be of type string`);
    if (options !== '' && optionsValue !== '')
      throw fail(51107, `${name} found regex option(s) specified in both 'regex' and 'option' fields`);
    options += optionsValue;
  }
  if (isNullish(input)) return null;
  return { input, re: buildRegex(pattern, options, name) };
}

function matchDoc(input: string, m: RegExpExecArray): Doc {
  return {
    match: m[0],
    idx: new Int32(Array.from(input.slice(0, m.index)).length),
    captures: m.slice(1).map((c) => c ?? null),
  };
}

function replace(all: boolean): OperatorFn {
  return (args, env, name) => {
    const spec = namedArgs(args, name, ['input', 'find', 'replacement'], 51750);
    for (const key of ['input', 'find', 'replacement']) {
      if (!(key in spec)) throw fail(51748, `${name} requires '${key}' to be specified`);
    }
    const [input, find, replacement] = [spec['input'], spec['find'], spec['replacement']].map((e) =>
      evaluate(e, env),
    );
    for (const [key, v] of [
      ['input', input],
      ['find', find],
      ['replacement', replacement],
    ] as const) {
      if (!isNullish(v) && typeof v !== 'string')
        throw fail(51746, `${name} requires that '${key}' be a string, found: ${typeName(v)}`);
    }
    if (typeof input !== 'string' || typeof find !== 'string' || typeof replacement !== 'string') return null;
    return all ? input.split(find).join(replacement) : input.replace(find, () => replacement);
  };
}

function asciiCase(s: string, upper: boolean): string {
  return s.replace(upper ? /[a-z]+/g : /[A-Z]+/g, (m) => (upper ? m.toUpperCase() : m.toLowerCase()));
}

/** String operators; positions and lengths are int32, byte variants count UTF-8 bytes. */
export const stringOperators: Record<string, OperatorFn> = {
  $concat: (args: unknown, env: Env) => {
    const values = evalAll(args, env);
    let out = '';
    for (const value of values) {
      if (isNullish(value)) return null;
      if (typeof value !== 'string')
        throw fail(16702, `$concat only supports strings, not ${typeName(value)}`);
      out += value;
    }
    return out;
  },
  $substr: $substrBytes,
  $substrBytes,
  $substrCP,
  $toLower: (args: unknown, env: Env, name: string) =>
    asciiCase(coerceString(evalArgs(args, env, name, 1)[0], name), false),
  $toUpper: (args: unknown, env: Env, name: string) =>
    asciiCase(coerceString(evalArgs(args, env, name, 1)[0], name), true),
  $strLenBytes: stringLength(true),
  $strLenCP: stringLength(false),
  $split: (args: unknown, env: Env, name: string) => {
    const [s, sep] = evalArgs(args, env, name, 2);
    if (isNullish(s) || isNullish(sep)) return null;
    if (typeof s !== 'string')
      throw fail(
        40085,
        `$split requires an expression that evaluates to a string as a first argument, found: ${typeName(s)}`,
      );
    if (typeof sep !== 'string')
      throw fail(
        40086,
        `$split requires an expression that evaluates to a string as a second argument, found: ${typeName(sep)}`,
      );
    if (sep === '') throw fail(40087, '$split requires a non-empty separator');
    return s.split(sep);
  },
  $trim: trim(true, true),
  $ltrim: trim(true, false),
  $rtrim: trim(false, true),
  $indexOfBytes: indexOf(true),
  $indexOfCP: indexOf(false),
  $regexMatch: (args: unknown, env: Env, name: string) => {
    const spec = regexSpec(args, env, name);
    return spec ? spec.re.test(spec.input) : false;
  },
  $regexFind: (args: unknown, env: Env, name: string) => {
    const spec = regexSpec(args, env, name);
    if (!spec) return null;
    const m = spec.re.exec(spec.input);
    return m ? matchDoc(spec.input, m) : null;
  },
  $regexFindAll: (args: unknown, env: Env, name: string) => {
    const spec = regexSpec(args, env, name);
    if (!spec) return [];
    const out: Doc[] = [];
    for (const m of spec.input.matchAll(spec.re)) out.push(matchDoc(spec.input, m));
    return out;
  },
  $replaceOne: replace(false),
  $replaceAll: replace(true),
  $strcasecmp: (args: unknown, env: Env, name: string) => {
    const [a, b] = evalArgs(args, env, name, 2).map((v) => asciiCase(coerceString(v, name), true));
    return new Int32((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
  },
};
