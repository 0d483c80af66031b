import type { Doc } from '../../bson.js';
import { arithmeticOperators } from './arithmetic.js';
import { arrayOperators } from './array.js';
import { dateOperators } from './date.js';
import { defineOperators, evaluate, rootEnv } from './evaluate.js';
import { logicOperators } from './logic.js';
import { stringOperators } from './string.js';
import { typeOperators } from './type.js';

defineOperators(arithmeticOperators);
defineOperators(logicOperators);
defineOperators(stringOperators);
defineOperators(arrayOperators);
defineOperators(dateOperators);
defineOperators(typeOperators);

/**
 * Evaluates an aggregation expression against one document (the `$expr` / pipeline-update entry).
 *
 * @example
 * ```ts
 * evaluateDocumentExpression({ $gt: ['$qty', 5] }, { qty: new Int32(7) }); // true
 * ```
 */
export function evaluateDocumentExpression(expr: unknown, doc: Doc, variables?: Doc): unknown {
  return evaluate(expr, rootEnv(doc, variables));
}

export {
  evaluate,
  rootEnv,
  withVars,
  isDocument,
  isTruthy,
  typeName,
  isExpressionOperator,
} from './evaluate.js';
export type { Env } from './evaluate.js';
