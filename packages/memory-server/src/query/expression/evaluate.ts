import { Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import { bsonTypeName } from '../compare.js';
import { fail } from './fail.js';
import { isZero, toNum } from './numeric.js';

/**
 * The evaluation scope of an expression: `$$ROOT`, `$$CURRENT` (what `$field` paths read) and the
 * user variables bound by `let` / `$let` / `$map` / `$filter` / `$reduce`.
 */
export interface Env {
  readonly root: Doc;
  readonly current: unknown;
  readonly vars: Readonly<Record<string, unknown>>;
  /** `$$NOW`: one instant per pipeline run. */
  readonly now: Date;
  /** `$meta` lookups ('textScore', 'searchScore', …) when the caller has such metadata. */
  readonly meta?: (name: string) => unknown;
}

/** An operator implementation; it receives its argument unevaluated so it controls evaluation order. */
export type OperatorFn = (args: unknown, env: Env, name: string) => unknown;

const OPERATORS = new Map<string, OperatorFn>();

/**
 * Adds a family of expression operators to the evaluator's table.
 *
 * @example
 * ```ts
 * defineOperators({ $double: (args, env) => evaluate(args, env) });
 * ```
 */
export function defineOperators(table: Record<string, OperatorFn>): void {
  for (const [name, fn] of Object.entries(table)) OPERATORS.set(name, fn);
}

/** Whether `name` is a known expression operator (used by `$project` to tell operators from paths). */
export function isExpressionOperator(name: string): boolean {
  return OPERATORS.has(name);
}

/** A document in the aggregation sense: a plain object, not a BSON value class, Date or array. */
export function isDocument(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A scope for evaluating against one document. */
export function rootEnv(doc: Doc, variables: Readonly<Record<string, unknown>> = {}, now = new Date()): Env {
  return { root: doc, current: doc, vars: variables, now };
}

/** A child scope with extra variables (`CURRENT` rebinds `$field` paths, as `$let` allows). */
export function withVars(env: Env, vars: Record<string, unknown>): Env {
  const { CURRENT, ...rest } = vars;
  return { ...env, current: 'CURRENT' in vars ? CURRENT : env.current, vars: { ...env.vars, ...rest } };
}

/**
 * Evaluates an aggregation expression. `undefined` stands for "missing" (as `$$REMOVE` and absent
 * fields are), which callers drop from documents and turn into `null` in arrays.
 *
 * @example
 * ```ts
 * evaluate({ $add: ['$a', 1] }, rootEnv({ a: new Int32(2) })); // Int32(3)
 * ```
 */
export function evaluate(expr: unknown, env: Env): unknown {
  if (typeof expr === 'string') {
    if (expr.startsWith('$$')) return readVariable(expr.slice(2), env);
    if (expr.startsWith('$')) return readPath(env.current, fieldPathParts(expr.slice(1), expr));
    return expr;
  }
  if (Array.isArray(expr)) return expr.map((item) => evaluate(item, env) ?? null);
  if (isDocument(expr)) {
    const keys = Object.keys(expr);
    const first = keys[0];
    if (first !== undefined && first.startsWith('$')) {
      if (keys.length !== 1) {
        throw fail(
          15983,
          `an expression specification must contain exactly one field, the name of the expression. Found ${keys.length} fields`,
        );
      }
      const op = OPERATORS.get(first);
      if (!op) throw fail(168, `Unrecognized expression '${first}'`);
      return op(expr[first], env, first);
    }
    const out: Doc = {};
    for (const key of keys) {
      if (key.startsWith('$'))
        throw fail(
          16410,
          `FieldPath field names may not start with '$'. Consider using $getField or $setField.`,
        );
      if (key.includes('.'))
        throw fail(
          16412,
          `FieldPath field names may not contain '.'. Consider using $getField or $setField.`,
        );
      const value = evaluate(expr[key], env);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  return expr;
}

/**
 * Checks an expression the way the server parses it before running anything: unknown operators
 * (168) and malformed operator objects (15983) fail even when no document reaches them.
 *
 * @example
 * ```ts
 * validateExpression({ $cond: [true, 1, { $foo: 1 }] }); // throws Unrecognized expression '$foo'
 * ```
 */
export function validateExpression(expr: unknown): void {
  if (Array.isArray(expr)) {
    for (const item of expr) validateExpression(item);
    return;
  }
  if (!isDocument(expr)) return;
  const keys = Object.keys(expr);
  const first = keys[0];
  if (first !== undefined && first.startsWith('$')) {
    if (keys.length !== 1) {
      throw fail(
        15983,
        `an expression specification must contain exactly one field, the name of the expression. Found ${keys.length} fields`,
      );
    }
    if (!OPERATORS.has(first)) throw fail(168, `Unrecognized expression '${first}'`);
    if (first !== '$literal') validateExpression(expr[first]);
    return;
  }
  for (const key of keys) validateExpression(expr[key]);
}

/** Splits a field path (without its `$`), rejecting empty components as MongoDB does. */
export function fieldPathParts(path: string, original: string): string[] {
  if (path === '') throw fail(16872, `'$' by itself is not a valid FieldPath`);
  const parts = path.split('.');
  for (const part of parts) {
    if (part === '') throw fail(15998, `FieldPath field names may not be empty strings. (${original})`);
  }
  return parts;
}

/**
 * Reads a field path the aggregation way: arrays are traversed element-wise (keeping nesting) and
 * numeric components are field names, never array indexes.
 */
export function readPath(value: unknown, parts: readonly string[], i = 0): unknown {
  if (i === parts.length) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (!Array.isArray(item) && !isDocument(item)) continue;
      const got = readPath(item, parts, i);
      if (got !== undefined) out.push(got);
    }
    return out;
  }
  if (isDocument(value)) return readPath(value[parts[i] as string], parts, i + 1);
  return undefined;
}

function readVariable(spec: string, env: Env): unknown {
  const dot = spec.indexOf('.');
  const name = dot === -1 ? spec : spec.slice(0, dot);
  let value: unknown;
  switch (name) {
    case 'ROOT':
      value = env.root;
      break;
    case 'CURRENT':
      value = env.current;
      break;
    case 'REMOVE':
      return undefined;
    case 'NOW':
      value = env.now;
      break;
    case 'USER_ROLES':
      // No authentication: the session has no roles.
      value = [];
      break;
    case 'SEARCH_META':
      return undefined;
    case 'CLUSTER_TIME':
      value = new Timestamp({ t: Math.floor(env.now.getTime() / 1000), i: 1 });
      break;
    default:
      if (!Object.prototype.hasOwnProperty.call(env.vars, name)) {
        throw fail(17276, `Use of undefined variable: ${name}`);
      }
      value = env.vars[name];
  }
  return dot === -1 ? value : readPath(value, fieldPathParts(spec.slice(dot + 1), `$$${spec}`));
}

/** MongoDB truthiness: false, null, missing and numeric zero are false; everything else is true. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  const n = toNum(value);
  return n === undefined ? true : !isZero(n);
}

/** `bsonTypeName` with MongoDB's `missing` for absent values, for error messages and `$type`. */
export function typeName(value: unknown): string {
  return value === undefined ? 'missing' : bsonTypeName(value);
}

/** The argument list of an operator: an array as is, any other value as a one-element list. */
export function argList(args: unknown): unknown[] {
  return Array.isArray(args) ? args : [args];
}

/**
 * Evaluates the arguments of an operator after checking how many there are (code 16020).
 *
 * @example
 * ```ts
 * const [a, b] = evalArgs(args, env, '$divide', 2);
 * ```
 */
export function evalArgs(args: unknown, env: Env, name: string, min: number, max = min): unknown[] {
  const list = argList(args);
  if (list.length < min || list.length > max) {
    const msg =
      min === max
        ? `Expression ${name} takes exactly ${min} arguments. ${list.length} were passed in.`
        : `Expression ${name} takes at least ${min} arguments, and at most ${max}, but ${list.length} were passed in.`;
    throw fail(16020, msg);
  }
  return list.map((item) => evaluate(item, env));
}

/** Evaluates every argument of a variadic operator. */
export function evalAll(args: unknown, env: Env): unknown[] {
  return argList(args).map((item) => evaluate(item, env));
}

/** The object-form arguments of an operator, rejecting unknown fields (MongoDB errors on them). */
export function namedArgs(args: unknown, name: string, allowed: readonly string[], code = 40_160): Doc {
  if (!isDocument(args))
    throw fail(code, `${name} expects an object of named arguments but found: ${typeName(args)}`);
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) throw fail(code, `${name} found an unknown argument: ${key}`);
  }
  return args;
}

/** Missing or null: the inputs for which most operators return null. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}
