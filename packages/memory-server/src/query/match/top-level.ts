import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import { fieldMatcher } from './evaluate-condition.js';
import { compileExpr } from './expr.js';
import { compileFieldValue } from './field-operators.js';
import { compileJsonSchema } from './json-schema.js';
import type { CompileContext, DocMatcher, TopLevelOperatorCompiler } from './types.js';

const TOP_LEVEL_OPERATORS = new Map<string, TopLevelOperatorCompiler>();

/**
 * Adds or replaces a top-level query operator (`$text` support registers itself here).
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * registerTopLevelOperator('$text', (operand) => (doc) => textMatches(doc, operand));
 * ```
 */
export function registerTopLevelOperator(name: string, compiler: TopLevelOperatorCompiler): void {
  TOP_LEVEL_OPERATORS.set(name, compiler);
}

const ALWAYS: DocMatcher = () => true;
const NEVER: DocMatcher = () => false;

/** The compiled children of `$and` / `$or` / `$nor`, validated as MongoDB does. */
function logicalChildren(operand: unknown, ctx: CompileContext, name: string): DocMatcher[] {
  if (!Array.isArray(operand)) throw new ServerError('BadValue', `${name} must be an array`);
  if (operand.length === 0) throw new ServerError('BadValue', '$and/$or/$nor must be a nonempty array');
  return operand.map((child) => {
    if (!isPlainDocument(child))
      throw new ServerError('BadValue', '$or/$and/$nor entries need to be full objects');
    return ctx.compileDocument(child);
  });
}

registerTopLevelOperator('$and', (operand, ctx, name) => allOf(logicalChildren(operand, ctx, name)));
registerTopLevelOperator('$or', (operand, ctx, name) => {
  const children = logicalChildren(operand, ctx, name);
  return (doc, state) => children.some((m) => m(doc, state));
});
registerTopLevelOperator('$nor', (operand, ctx, name) => {
  const children = logicalChildren(operand, ctx, name);
  return (doc) => !children.some((m) => m(doc, undefined));
});
registerTopLevelOperator('$expr', (operand, ctx) => compileExpr(operand, ctx.variables));
registerTopLevelOperator('$jsonSchema', (operand) => compileJsonSchema(operand));
registerTopLevelOperator('$comment', () => ALWAYS);
registerTopLevelOperator('$alwaysTrue', () => ALWAYS);
registerTopLevelOperator('$alwaysFalse', () => NEVER);
registerTopLevelOperator('$where', () => {
  throw new ServerError(
    'BadValue',
    '$where is not allowed in this context: the memory server does not run JavaScript',
  );
});
for (const name of ['$text', '$near', '$nearSphere', '$geoNear']) {
  registerTopLevelOperator(name, (_operand, _ctx, opName) => {
    throw new ServerError('BadValue', `${opName} is not supported by the memory server yet`);
  });
}

/**
 * A matcher that requires every child (short-circuits, and keeps one-child filters direct).
 *
 * @example
 * ```ts
 * allOf([compileDocument({ a: 1 }, compileCtx), compileDocument({ b: 2 }, compileCtx)])(doc, undefined);
 * ```
 */
export function allOf(children: readonly DocMatcher[]): DocMatcher {
  if (children.length === 0) return ALWAYS;
  if (children.length === 1) return children[0] as DocMatcher;
  if (children.length === 2) {
    const [a, b] = children as [DocMatcher, DocMatcher];
    return (doc, state) => a(doc, state) && b(doc, state);
  }
  return (doc, state) => {
    for (const m of children) if (!m(doc, state)) return false;
    return true;
  };
}

/**
 * Compiles a filter document: `$`-prefixed keys are top-level operators, other keys are
 * conditions on dotted paths; all must hold.
 *
 * @example
 * ```ts
 * const m = compileDocument({ a: { $gt: 1 }, $or: [{ b: 1 }, { c: 1 }] }, compileCtx);
 * ```
 */
export function compileDocument(filter: Doc, ctx: CompileContext): DocMatcher {
  const children: DocMatcher[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) {
      const compiler = TOP_LEVEL_OPERATORS.get(key);
      if (!compiler) {
        throw new ServerError(
          'BadValue',
          `unknown top level operator: ${key}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
        );
      }
      children.push(compiler(value, ctx, key));
    } else {
      children.push(fieldMatcher(key, compileFieldValue(value, ctx)));
    }
  }
  return allOf(children);
}
