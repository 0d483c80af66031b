/**
 * The seam through which `selectRelated` loads references. The queryset cannot import the
 * references layer (it sits above), so `references/` installs its batch loader here when it is
 * imported; without it, `selectRelated` paths are an error rather than silently ignored.
 */
import { OperationError } from '../errors/operation-error.js';

/** Loads the references at `paths` of `docs` (and every reference down to `depth`), in place. */
export type RelatedLoader = (
  docs: readonly object[],
  paths: readonly string[],
  depth: number | undefined,
) => Promise<void>;

let loader: RelatedLoader | undefined;

/**
 * Installs the loader `selectRelated` uses (called by the references layer).
 *
 * @example
 * installRelatedLoader(async (docs, paths) => { … });
 */
export function installRelatedLoader(fn: RelatedLoader): void {
  loader = fn;
}

/**
 * Runs the installed loader over `docs`.
 *
 * @example
 * await loadRelated(posts, ['author'], undefined);
 */
export async function loadRelated(
  docs: readonly object[],
  paths: readonly string[],
  depth?: number,
): Promise<void> {
  if (docs.length === 0) return;
  if (loader === undefined) {
    throw new OperationError(
      'selectRelated() needs the references module; import it from the package entry point.',
    );
  }
  await loader(docs, paths, depth);
}
