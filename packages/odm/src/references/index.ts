export { Ref, type RefId, type FetchOptions } from './ref.js';
export { ReferenceField, type ReferenceFieldOptions, type ReferenceInput } from './reference-field.js';
export { selectRelated } from './select-related.js';
export {
  LazyReferenceField,
  type LazyReferenceFieldOptions,
  type Passthrough,
} from './lazy-reference-field.js';
export { GenericReferenceField, type GenericReferenceFieldOptions } from './generic-reference-field.js';
