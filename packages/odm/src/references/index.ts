export { Ref, DanglingReference, markDangling, type RefId, type FetchOptions } from './ref.js';
export { ReferenceField, type ReferenceFieldOptions, type ReferenceInput } from './reference-field.js';
export { selectRelated } from './select-related.js';
export { isRef, refId } from './loaded-paths.js';
export type {
  RefPath,
  RefLike,
  RefTargetOf,
  SelectRelatedDepth,
  WithRelated,
} from '../document/related-types.js';
export {
  LazyReferenceField,
  type LazyReferenceFieldOptions,
  type Passthrough,
} from './lazy-reference-field.js';
export { GenericReferenceField, type GenericReferenceFieldOptions } from './generic-reference-field.js';
export {
  GenericLazyReferenceField,
  type GenericLazyReferenceFieldOptions,
} from './generic-lazy-reference-field.js';
export {
  CachedReferenceField,
  CachedRef,
  type CachedReferenceFieldOptions,
  type CachedReferenceInput,
  type CachedFieldName,
  type CachedValues,
} from './cached-reference-field.js';
export { syncCachedReferences } from './cached-reference-sync.js';
export { withPassthrough } from './passthrough.js';
export { DeleteRule, DO_NOTHING, NULLIFY, CASCADE, DENY, PULL, isDeleteRule } from './delete-rule.js';
export {
  deleteRulesFor,
  hasDeleteRulesFor,
  type DeleteRuleEntry,
  type ReferenceKind,
} from './delete-rules.js';
export { applyDeleteRules } from './delete-plan.js';
export { referencedDocuments } from './cascade-save.js';
