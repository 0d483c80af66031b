import { Double, Int32 } from 'bson';
import { compareValues } from '../compare.js';
import { textScoreOf } from '../text-score.js';
import type { Doc } from '../../bson.js';
import {
  type Env,
  type OperatorFn,
  evalAll,
  evalArgs,
  evaluate,
  isDocument,
  isNullish,
  isTruthy,
  typeName,
  withVars,
} from './evaluate.js';
import { fail } from './fail.js';

/**
 * Aggregation comparison: a missing value sorts before everything, null included, so that
 * `{$eq: ['$missing', null]}` is false as in MongoDB.
 *
 * @example
 * ```ts
 * compareAgg(undefined, null); // -1
 * ```
 */
export function compareAgg(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const c = compareValues(a, b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

function comparison(test: (c: number) => boolean): OperatorFn {
  return (args, env, name) => {
    const [a, b] = evalArgs(args, env, name, 2);
    return test(compareAgg(a, b));
  };
}

/** Checks that a user variable name is legal (lowercase first letter, no dots or `$`). */
export function checkVariableName(name: string): void {
  const first = name.charCodeAt(0);
  const lowerOrNonAscii = (first >= 97 && first <= 122) || first > 127;
  if (name === '' || !lowerOrNonAscii)
    throw fail(16867, `'${name}' starts with an invalid character for a user variable name`);
  if (!/^[\w\u0080-\uffff]+$/.test(name))
    throw fail(16868, `'${name}' contains an invalid character for a variable name: '${name}'`);
}

const $cond: OperatorFn = (args, env, name) => {
  let branches: [unknown, unknown, unknown];
  if (isDocument(args)) {
    for (const key of Object.keys(args)) {
      if (key !== 'if' && key !== 'then' && key !== 'else')
        throw fail(17083, `Unrecognized parameter to $cond: ${key}`);
    }
    if (!('if' in args)) throw fail(17080, "Missing 'if' parameter to $cond");
    if (!('then' in args)) throw fail(17081, "Missing 'then' parameter to $cond");
    if (!('else' in args)) throw fail(17082, "Missing 'else' parameter to $cond");
    branches = [args['if'], args['then'], args['else']];
  } else {
    const list = Array.isArray(args) ? args : [args];
    if (list.length !== 3)
      throw fail(16020, `Expression ${name} takes exactly 3 arguments. ${list.length} were passed in.`);
    branches = [list[0], list[1], list[2]];
  }
  return evaluate(isTruthy(evaluate(branches[0], env)) ? branches[1] : branches[2], env);
};

const $ifNull: OperatorFn = (args, env, name) => {
  const list = Array.isArray(args) ? args : [args];
  if (list.length < 2) throw fail(16020, `Expression ${name} needs at least two arguments`);
  for (let i = 0; i < list.length - 1; i += 1) {
    const value = evaluate(list[i], env);
    if (!isNullish(value)) return value;
  }
  return evaluate(list[list.length - 1], env);
};

const $switch: OperatorFn = (args, env) => {
  if (!isDocument(args))
    throw fail(40060, `$switch requires an object as an argument, found: ${typeName(args)}`);
  const branches = args['branches'];
  for (const key of Object.keys(args)) {
    if (key !== 'branches' && key !== 'default')
      throw fail(40067, `$switch found an unknown argument: ${key}`);
  }
  if (!Array.isArray(branches))
    throw fail(40061, `$switch expected an array for 'branches', found: ${typeName(branches)}`);
  if (branches.length === 0) throw fail(40068, '$switch requires at least one branch.');
  for (const branch of branches) {
    if (!isDocument(branch))
      throw fail(40062, `$switch expected each branch to be an object, found: ${typeName(branch)}`);
    if (!('case' in branch)) throw fail(40064, "$switch requires each branch have a 'case' expression");
    if (!('then' in branch)) throw fail(40065, "$switch requires each branch have a 'then' expression.");
  }
  for (const branch of branches as Doc[]) {
    if (isTruthy(evaluate(branch['case'], env))) return evaluate(branch['then'], env);
  }
  if (!('default' in args)) {
    throw fail(40066, '$switch could not find a matching branch for an input, and no default was specified.');
  }
  return evaluate(args['default'], env);
};

const $let: OperatorFn = (args, env) => {
  if (!isDocument(args)) throw fail(16874, '$let only supports an object as its argument');
  for (const key of Object.keys(args)) {
    if (key !== 'vars' && key !== 'in') throw fail(16875, `Unrecognized parameter to $let: ${key}`);
  }
  if (!('vars' in args)) throw fail(16876, "Missing 'vars' parameter to $let");
  if (!('in' in args)) throw fail(16877, "Missing 'in' parameter to $let");
  const vars = args['vars'];
  if (!isDocument(vars)) throw fail(10065, `invalid parameter: expected an object (vars)`);
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars)) {
    if (key !== 'CURRENT') checkVariableName(key);
    bound[key] = evaluate(value, env);
  }
  return evaluate(args['in'], withVars(env, bound));
};

function fieldName(spec: Doc, op: string): string {
  const field = spec['field'];
  if (typeof field !== 'string')
    throw fail(3041704, `${op} requires 'field' to evaluate to type String, but got ${typeName(field)}`);
  return field;
}

const $getField: OperatorFn = (args, env) => {
  const spec = isDocument(args) && 'field' in args ? args : { field: args };
  const field = fieldName(
    { field: typeof spec['field'] === 'string' ? spec['field'] : evaluate(spec['field'], env) },
    '$getField',
  );
  const input = 'input' in spec ? evaluate(spec['input'], env) : env.current;
  if (isNullish(input)) return null;
  if (!isDocument(input))
    throw fail(3041705, `$getField requires 'input' to evaluate to type Object, but got ${typeName(input)}`);
  return input[field];
};

const $setField: OperatorFn = (args, env) => {
  if (!isDocument(args)) throw fail(4161100, '$setField only supports an object as its argument');
  const field = fieldName({ field: evaluate(args['field'], env) }, '$setField');
  if (!('input' in args)) throw fail(4161103, "$setField requires 'input' to be specified");
  if (!('value' in args)) throw fail(4161104, "$setField requires 'value' to be specified");
  const input = evaluate(args['input'], env);
  if (isNullish(input)) return null;
  if (!isDocument(input)) throw fail(4161105, `$setField requires 'input' to evaluate to type Object`);
  const value = evaluate(args['value'], env);
  const out: Doc = { ...input };
  if (value === undefined) delete out[field];
  else out[field] = value;
  return out;
};

const $unsetField: OperatorFn = (args, env) => {
  if (!isDocument(args)) throw fail(4161100, '$unsetField only supports an object as its argument');
  return $setField({ field: args['field'], input: args['input'], value: '$$REMOVE' }, env, '$setField');
};

const $mergeObjects: OperatorFn = (args, env) => {
  const out: Doc = {};
  evalAll(args, env).forEach((value, i) => {
    if (isNullish(value)) return;
    if (!isDocument(value))
      throw fail(
        40400,
        `$mergeObjects requires object inputs, but input ${i + 1} is of type ${typeName(value)}`,
      );
    Object.assign(out, value);
  });
  return out;
};

const $meta: OperatorFn = (args, env) => {
  if (typeof args !== 'string') throw fail(17307, '$meta only supports string arguments');
  if (env.meta) return env.meta(args);
  if (args === 'randVal') return new Double(Math.random());
  if (args === 'textScore') {
    const score = textScoreOf(env.root);
    if (score === undefined) throw fail(40218, 'query requires text score metadata, but it is not available');
    return new Double(score);
  }
  return undefined;
};

/** Comparison, boolean, conditional, variable and object operators. */
export const logicOperators: Record<string, OperatorFn> = {
  $eq: comparison((c) => c === 0),
  $ne: comparison((c) => c !== 0),
  $gt: comparison((c) => c > 0),
  $gte: comparison((c) => c >= 0),
  $lt: comparison((c) => c < 0),
  $lte: comparison((c) => c <= 0),
  $cmp: (args: unknown, env: Env, name: string) => {
    const [a, b] = evalArgs(args, env, name, 2);
    return new Int32(compareAgg(a, b));
  },
  $and: (args: unknown, env: Env) =>
    (Array.isArray(args) ? args : [args]).every((item) => isTruthy(evaluate(item, env))),
  $or: (args: unknown, env: Env) =>
    (Array.isArray(args) ? args : [args]).some((item) => isTruthy(evaluate(item, env))),
  $not: (args: unknown, env: Env, name: string) => !isTruthy(evalArgs(args, env, name, 1)[0]),
  $cond,
  $ifNull,
  $switch,
  $let,
  $literal: (args: unknown) => args,
  $getField,
  $setField,
  $unsetField,
  $mergeObjects,
  $rand: (args: unknown) => {
    if (!isDocument(args) || Object.keys(args).length > 0)
      throw fail(10065, '$rand does not currently accept arguments');
    return new Double(Math.random());
  },
  $meta,
};
