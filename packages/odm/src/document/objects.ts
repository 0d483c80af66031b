/**
 * The seam behind `Doc.objects()`. `document/` cannot import `queryset/` (arrows point one way),
 * so the queryset layer installs a factory here at load time and widens {@link QuerySetTypes}
 * by module augmentation; `Document.objects` only forwards to them.
 */
import { InvalidDocumentError } from '../errors/usage-errors.js';
import type { ClassRef } from './class-ref.js';

/**
 * Filled in by `queryset/` through declaration merging with `queryset` (the type `objects()`
 * returns) and `query` (what it accepts) for a document type and its field map.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars -- filled by module augmentation
export interface QuerySetTypes<TDocument, TFields> {}

/** What `Doc.objects()` returns for instances `TDocument` (the queryset layer's `QuerySet`). */
export type QuerySetOf<TDocument, TFields> =
  QuerySetTypes<TDocument, TFields> extends {
    /** See {@link QuerySetTypes}. */
    readonly queryset: infer Q;
  }
    ? Q
    : never;

/** What `Doc.objects(query)` accepts. */
export type ObjectsQueryOf<TDocument, TFields> =
  QuerySetTypes<TDocument, TFields> extends {
    /** See {@link QuerySetTypes}. */
    readonly query: infer Q;
  }
    ? Q
    : Record<string, unknown>;

/** Builds the queryset of a class from an optional first filter. */
export type QuerySetFactory = (cls: ClassRef, query: unknown) => unknown;

let factory: QuerySetFactory | undefined;

/**
 * Installs the function behind `Doc.objects()` (the queryset layer does this when it loads).
 *
 * @example
 * // @no-check: needs values from its call site
 * installQuerySetFactory((cls, query) => new QuerySet(cls).filter(query));
 */
export function installQuerySetFactory(next: QuerySetFactory | undefined): void {
  factory = next;
}

/**
 * Builds a queryset through the installed factory.
 *
 * @throws {InvalidDocumentError} when the queryset layer has not been loaded.
 * @example
 * createQuerySet(User, { age__gte: 18 });
 */
export function createQuerySet(cls: ClassRef, query: unknown): unknown {
  if (factory === undefined) {
    throw new InvalidDocumentError(
      "Querysets are not available: import the package entry point ('mongoengine-ts'), which loads the queryset layer.",
    );
  }
  return factory(cls, query);
}
