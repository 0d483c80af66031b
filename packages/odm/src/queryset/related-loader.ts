/**
 * The queryset's side of the `selectRelated` seam. The loader slot itself lives in
 * `document/related-seam.ts` (so `doc.selectRelated()` shares it); the references layer fills
 * it when it is imported.
 */
export {
  installRelatedLoader,
  loadRelated,
  parseRelatedArgs,
  type RelatedLoader,
} from '../document/related-seam.js';
