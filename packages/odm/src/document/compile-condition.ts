import { isPlainObject } from '../util/is-plain-object.js';
import type { ClassInfo } from './class-info.js';
import { resolveFieldPath } from './resolve-path.js';
import type { ClassRef } from './class-ref.js';

/** A function that compiles a MongoEngine-style query for a class into a MongoDB filter. */
export type FilterCompiler = (
  cls: ClassRef,
  info: ClassInfo,
  query: Readonly<Record<string, unknown>>,
) => Record<string, unknown>;

/** Comparison operators the built-in compiler understands. */
const COMPARISONS = new Set(['ne', 'lt', 'lte', 'gt', 'gte', 'in', 'nin', 'exists', 'size', 'all']);

let installed: FilterCompiler | undefined;

/**
 * Replaces the compiler used for `save({ saveCondition })` and `modify(query)`. The queryset
 * layer installs its full `__` lookup compiler here (it imports `document/`, not the reverse).
 *
 * @example
 * // @no-check: needs values from its call site
 * installFilterCompiler((cls, info, query) => compileQuery(cls, query));
 */
export function installFilterCompiler(compiler: FilterCompiler | undefined): void {
  installed = compiler;
}

/**
 * Compiles a condition: attribute paths joined by `__` (`address__city`), an optional trailing
 * comparison (`version__lt`, `tags__in`, `name__exists`), values converted by their fields, and
 * `$`-keys (`$or`, raw operators) passed through. A plain object value is never passed through
 * as an operator object: fields reject it.
 *
 * @example
 * compileCondition(User, info, { version: 3, age__gte: 18 }); // { version: 3, age: { $gte: 18 } }
 */
export function compileCondition(
  cls: ClassRef,
  info: ClassInfo,
  query: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (installed) return installed(cls, info, query);
  const filter: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$') || key === '__raw__') {
      if (key === '__raw__' && isPlainObject(value)) Object.assign(filter, value);
      else filter[key] = value;
      continue;
    }
    const parts = key.split('__');
    const last = parts[parts.length - 1]!;
    const op = parts.length > 1 && COMPARISONS.has(last) ? parts.pop() : undefined;
    const { dbPath, field } = resolveFieldPath(info, parts);
    const prepared = field ? field.prepareQueryValue(op, value) : value;
    if (op === undefined) {
      filter[dbPath] = prepared;
    } else {
      const existing = filter[dbPath];
      const ops = isPlainObject(existing) ? existing : {};
      ops[`$${op}`] = prepared;
      filter[dbPath] = ops;
    }
  }
  return filter;
}
