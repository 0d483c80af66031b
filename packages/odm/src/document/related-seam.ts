/**
 * The seam behind `selectRelated`: the batch loader lives in the references layer, which sits
 * above both `document/` (`doc.selectRelated()`) and `queryset/` (`QuerySet.selectRelated`), so
 * it installs itself here when it is imported. Without it a `selectRelated` call is an error
 * rather than silently loading nothing.
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
 * installRelatedLoader(async (docs, paths, depth) => { console.log(docs.length, paths, depth); });
 */
export function installRelatedLoader(fn: RelatedLoader): void {
  loader = fn;
}

/**
 * Runs the installed loader over `docs` (nothing is sent for an empty list).
 *
 * @throws {OperationError} when the references layer is not loaded.
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

/**
 * Splits `selectRelated` arguments into paths and a depth: no argument at all means `{ depth: 1 }`.
 *
 * @example
 * parseRelatedArgs(['author', { depth: 2 }]); // { paths: ['author'], depth: 2 }
 */
export function parseRelatedArgs(
  args: readonly (string | { readonly depth: number })[],
  prior?: { readonly paths: readonly string[]; readonly depth: number | undefined },
): { paths: string[]; depth: number | undefined } {
  const paths = [...(prior?.paths ?? [])];
  let depth = prior?.depth;
  for (const arg of args) {
    if (typeof arg === 'string') paths.push(arg);
    else depth = arg.depth;
  }
  if (args.length === 0 && depth === undefined) depth = 1;
  return { paths, depth };
}
