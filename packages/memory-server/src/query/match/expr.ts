import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import { evaluateDocumentExpression, isExpressionOperator, isTruthy } from '../expression/index.js';
import type { DocMatcher } from './types.js';

/** Evaluates an aggregation expression against a document (the `evaluateExpression` contract). */
export type ExpressionEvaluator = (expr: unknown, doc: Doc, variables?: Doc) => unknown;

let evaluator: ExpressionEvaluator = evaluateDocumentExpression;

/**
 * Replaces the evaluator `$expr` and projection expressions use (the aggregation module may
 * install its `evaluateExpression`; the default calls the expression evaluator directly, which
 * avoids an import cycle between `$match` and `$expr`).
 *
 * @example
 * ```ts
 * setExpressionEvaluator(evaluateExpression);
 * ```
 */
export function setExpressionEvaluator(fn: ExpressionEvaluator): void {
  evaluator = fn;
}

/**
 * Evaluates an expression with the installed evaluator.
 *
 * @example
 * ```ts
 * evaluateWith({ $add: ['$a', 1] }, { a: 1 }); // 2
 * ```
 */
export function evaluateWith(expr: unknown, doc: Doc, variables?: Doc): unknown {
  return evaluator(expr, doc, variables);
}

/**
 * `$expr`: the document matches when the expression is truthy (false, null, missing and numeric
 * zero are false).
 *
 * @example
 * ```ts
 * compileExpr({ $gt: ['$a', '$b'] }, {})({ a: 2, b: 1 }, undefined); // true
 * ```
 */
export function compileExpr(expr: unknown, variables: Doc): DocMatcher {
  checkOperators(expr);
  return (doc) => isTruthy(evaluator(expr, doc, variables));
}

/**
 * Rejects unknown expression operators when the filter is compiled, as MongoDB's parser does,
 * rather than on the first document evaluated (or never, on an empty collection).
 */
function checkOperators(expr: unknown): void {
  if (Array.isArray(expr)) {
    for (const item of expr) checkOperators(item);
    return;
  }
  if (!isPlainDocument(expr)) return;
  const first = Object.keys(expr)[0];
  if (first?.startsWith('$')) {
    if (!isExpressionOperator(first)) {
      throw new ServerError(
        { code: 168, codeName: 'InvalidPipelineOperator' },
        `Unrecognized expression '${first}'`,
      );
    }
    if (first === '$literal') return;
  }
  for (const value of Object.values(expr)) checkOperators(value);
}
