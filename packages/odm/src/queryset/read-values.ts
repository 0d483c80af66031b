/**
 * Reading field values out of results: `valuesList` / `scalar` / `values` walk attribute paths
 * of loaded documents (or db paths of raw ones), and `distinct` converts the server's values
 * back through the field.
 */
import type { AnyField } from '../fields/base-field.js';
import { ListField } from '../fields/list-field.js';
import { resolveDbPath } from './compilers.js';
import type { QueryState } from './query-state.js';

/** `address.city` and `address__city` are the same path. */
function parts(path: string): string[] {
  return path.split(/__|\./);
}

function walk(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The value of a path in one result: attributes of a document, db keys of a raw document.
 *
 * @example
 * readPath(state, user, 'address__city'); // 'Paris'
 */
export function readPath(state: QueryState, result: unknown, path: string): unknown {
  if (state.mode === 'raw') {
    const { dbPath } = resolveDbPath(state.cls, path);
    return walk(result, dbPath.split('.'));
  }
  return walk(result, parts(path));
}

/** The item field of a list field (distinct and frequencies see items, not lists). */
export function itemField(field: AnyField | undefined): AnyField | undefined {
  let f = field;
  while (f instanceof ListField) f = f.field as AnyField;
  return f;
}

/**
 * The db path of a field and a converter from stored values back to JS values.
 *
 * @example
 * const { dbPath, cast } = castDistinct(state, 'tags'); // dbPath 'tags', cast by the item StringField
 */
export function castDistinct(
  state: QueryState,
  path: string,
): { dbPath: string; isList: boolean; cast: (value: unknown) => unknown } {
  const { dbPath, field } = resolveDbPath(state.cls, path);
  const item = itemField(field as AnyField | undefined);
  const cast = (value: unknown): unknown =>
    item === undefined || value === null || value === undefined ? value : item.toJs(value, { path: dbPath });
  return { dbPath, isList: field instanceof ListField, cast };
}
