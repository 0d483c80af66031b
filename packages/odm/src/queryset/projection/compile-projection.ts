import type { Document } from 'mongodb';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import { compileSubQuery } from '../filter/compile-filter.js';
import { setOwn } from '../filter/condition-set.js';
import { DynamicField } from '../../fields/dynamic-field.js';
import { resolveDbPath, type DocumentClassLike } from '../filter/resolve-db-path.js';

/** What `only()`, `exclude()` and `fields()` collect. */
export interface ProjectionSpec {
  /** Fields to include (union of every `only()` call). */
  readonly only?: readonly string[];
  /** Fields to exclude (removed from `only` when both are given). */
  readonly exclude?: readonly string[];
  /** `$slice` per list field: a count, or `[skip, limit]`. */
  readonly slices?: Readonly<Record<string, number | readonly [number, number]>>;
  /** `$elemMatch` per list field, as a sub-query of lookups. */
  readonly elemMatch?: Readonly<Record<string, unknown>>;
}

/**
 * Compiles a projection spec to a MongoDB projection with db paths, or undefined when it
 * selects everything. `only` makes an inclusion projection (`_id` stays unless excluded);
 * `exclude` alone an exclusion projection; slices and elemMatch add their operators.
 *
 * @throws {InvalidQueryError} for unknown fields or malformed slices.
 * @example
 * compileProjection(Post, { only: ['title', 'author__name'], slices: { comments: 5 } });
 * // { title: 1, 'author.name': 1, comments: { $slice: 5 } }
 */
export function compileProjection(docClass: DocumentClassLike, spec: ProjectionSpec): Document | undefined {
  const out: Document = {};
  const excluded = new Set((spec.exclude ?? []).map((p) => resolveDbPath(docClass, p).dbPath));
  if (spec.only !== undefined && spec.only.length > 0) {
    for (const path of spec.only) {
      const { dbPath } = resolveDbPath(docClass, path);
      if (!excluded.has(dbPath)) setOwn(out, dbPath, 1);
    }
    // An inclusion projection may only exclude `_id`.
    if (excluded.has('_id')) out['_id'] = 0;
  } else {
    for (const dbPath of excluded) setOwn(out, dbPath, 0);
  }
  for (const [path, slice] of Object.entries(spec.slices ?? {})) {
    const ok =
      (typeof slice === 'number' && Number.isInteger(slice)) ||
      (Array.isArray(slice) && slice.length === 2 && slice.every((n) => Number.isInteger(n)));
    if (!ok)
      throw new InvalidQueryError(`slice of '${path}' needs a count or [skip, limit], got ${String(slice)}.`);
    setOwn(out, resolveDbPath(docClass, path).dbPath, { $slice: Array.isArray(slice) ? [...slice] : slice });
  }
  for (const [path, query] of Object.entries(spec.elemMatch ?? {})) {
    const { dbPath, field } = resolveDbPath(docClass, path);
    const where = `${path}`;
    setOwn(out, dbPath, {
      $elemMatch: compileSubQuery(field ?? new DynamicField().bind(dbPath, ''), query, where),
    });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
