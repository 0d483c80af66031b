export { BaseDocument, type ValidateOptions, type AnyDocumentClass } from './base-document.js';
export { Document, type SaveOptions, type DeleteOptions, type SwitchInstanceOptions } from './document.js';
export type { IndexComparison } from './index-admin.js';
export { EmbeddedDocument } from './embedded-document.js';
export { DynamicDocument, DynamicEmbeddedDocument } from './dynamic-document.js';
export type { DocumentMeta, ResolvedMeta } from './meta.js';
export type {
  DefinedClass,
  DefinedInstance,
  PrimaryKeyOf,
  FieldsOf,
  MergeFields,
  ConstructorArgs,
} from './defined-class.js';
export type { IndexDefinition, IndexDefinitionObject, IndexKind, IndexSpec } from './index-spec.js';
export { getDocumentClass, findDocumentClass, registeredDocumentNames } from './registry.js';
export {
  installDocumentHook,
  hasDocumentHooks,
  hasDocumentHooksFor,
  installInitHook,
  hasInitHooks,
  type InitHook,
  type InitHookContext,
  type DocumentHook,
  type HookContext,
  type HookName,
} from './hooks.js';
export {
  installQuerySetFactory,
  type QuerySetTypes,
  type QuerySetOf,
  type ObjectsQueryOf,
  type QuerySetFactory,
} from './objects.js';
export { installFilterCompiler, type FilterCompiler } from './compile-condition.js';
export { compileUpdate, type UpdateDocument } from './compile-update.js';
export { classInfo, subclassNames, type ClassInfo } from './class-info.js';
