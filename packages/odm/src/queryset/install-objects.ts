/**
 * Connects the queryset layer to `document/`: `Doc.objects()` builds a {@link QuerySet} (the
 * filter compiler installs itself for `save({ saveCondition })` when `./compilers.js` loads it).
 * Imported for its effect by `queryset/index.ts`.
 */
import { installQuerySetFactory } from '../document/objects.js';
import './compilers.js';
import type { FilterArg } from './query-input.js';
import { QuerySet } from './query-set.js';

declare module '../document/objects.js' {
  interface QuerySetTypes<TDocument, TFields> {
    /** `Doc.objects()` returns a `QuerySet` of the class's documents. */
    readonly queryset: QuerySet<TDocument, TDocument, TFields>;
    /** `Doc.objects(query)` takes a typed filter (or a `Q`). */
    readonly query: FilterArg<TFields> | undefined;
  }
}

installQuerySetFactory((cls, query) =>
  new QuerySet<object>(cls).filter(query as FilterArg<unknown> | undefined),
);
