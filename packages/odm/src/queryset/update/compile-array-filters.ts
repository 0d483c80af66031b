import type { Document } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import type { AnyField } from '../../fields/base-field.js';
import { isPlainObject } from '../../util/is-plain-object.js';
import { compileNode } from '../filter/compile-filter.js';
import { setOwn } from '../filter/condition-set.js';
import { RAW_FILTER, isRawQuery, type RawQuery } from '../filter/query-node.js';
import type { PathScope } from '../filter/resolve-db-path.js';

/** Positional identifiers (`$[g]`) used in update keys, with the list item field each stands for. */
export type Identifiers = Map<string, AnyField | undefined>;

/**
 * Compiles `arrayFilters` given as lookups whose first part is an identifier of the update
 * (`{ g__gte: 85 }` for `$[g]`), cast by the list's item field; `raw()` entries pass through.
 *
 * @throws {InvalidQueryError} for an identifier the update does not use, or a wrong value.
 * @example
 * // @no-check: needs values from its call site
 * compileArrayFilters(scope, [{ g__gte: 85 }], new Map([['g', intField]])); // [{ g: { $gte: 85 } }]
 */
export function compileArrayFilters(
  scope: PathScope,
  filters: readonly (Readonly<Record<string, unknown>> | RawQuery)[] | undefined,
  identifiers: Identifiers,
): Document[] | undefined {
  const defined = new Set<string>();
  const out = (filters ?? []).map((f) => {
    if (isRawQuery(f)) {
      const rawFilter = { ...(f[RAW_FILTER] as Document) };
      for (const key of Object.keys(rawFilter)) defined.add(key.startsWith('$') ? '$' : key.split('.')[0]!);
      return rawFilter;
    }
    if (!isPlainObject(f))
      throw new InvalidQueryError('arrayFilters entries must be lookup objects or raw().');
    const out: Document = {};
    for (const [key, value] of Object.entries(f)) {
      const id = key.split('__')[0];
      if (id === undefined || !identifiers.has(id)) {
        throw new InvalidQueryError(
          `arrayFilters key '${key}' must start with an identifier used in the update as $[name] (known: ${[...identifiers.keys()].join(', ') || 'none'}).`,
        );
      }
      defined.add(id);
      const item = identifiers.get(id);
      // The identifier stands for one list item: `g__gte: 85` conditions the item, `e__grade__gte` its member.
      const itemScope: PathScope = {
        owner: `${scope.owner} (arrayFilters '${id}')`,
        lookup: (name) => (name === id ? item : undefined),
        open: item === undefined,
        idField: undefined,
        isDocument: false,
        names: [id],
      };
      const compiled = compileNode(itemScope, { kind: 'lookups', query: { [key]: value } });
      for (const [path, v] of Object.entries(compiled)) {
        const dot = path.indexOf('.');
        setOwn(out, path.startsWith('$') ? path : dot < 0 ? id : `${id}${path.slice(dot)}`, v);
      }
    }
    return out;
  });
  // The server rejects a `$[name]` without a filter; say so before sending anything. (A raw
  // entry with a top-level operator may define any identifier, so it disables the check.)
  const missing = [...identifiers.keys()].filter((id) => !defined.has(id));
  if (missing.length > 0 && !defined.has('$')) {
    throw new InvalidQueryError(
      `The update uses ${missing.map((id) => `$[${id}]`).join(', ')} but arrayFilters has no condition on ${missing.join(', ')}.`,
    );
  }
  return filters === undefined ? undefined : out;
}
