import type { Doc } from '../../../src/bson.js';
import { evaluateExpression } from '../../../src/query/aggregate.js';
import { ServerError } from '../../../src/errors.js';

/** Evaluates an expression against `doc` (default `{}`). */
export function ev(expr: unknown, doc: Doc = {}, vars?: Doc): unknown {
  return evaluateExpression(expr, doc, vars);
}

/** The code of the ServerError thrown by `fn` (fails the test if nothing or something else is thrown). */
export function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServerError) return e.code;
    throw e;
  }
  throw new Error('expected a ServerError');
}
