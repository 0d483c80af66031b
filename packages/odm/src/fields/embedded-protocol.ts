/**
 * The structural contract between embedded-document fields and `document/`. Fields never import
 * `document/`; `EmbeddedDocument` classes satisfy these interfaces.
 *
 * - An instance knows how to serialise itself (`toMongo()`), report its issues with paths
 *   prefixed by where it sits (`_validateIssues('addresses.2')` → `addresses.2.zip`), and accept a
 *   parent (`_setParent({ sink, path })`): from then on it reports its own changes to
 *   `sink.markChanged(path + '.' + dbField)`. `_setParent(undefined)` detaches it.
 * - A class has `_className` (the registry name stored in `_cls`), `fromMongo(raw, parent)` which
 *   builds an attached instance from stored data, and optionally `_fields` (the bound field map)
 *   so queries can resolve `address__city`.
 * - `GenericEmbeddedDocumentField` and name-string document types find classes through the
 *   resolver that `document/` installs with {@link setEmbeddedClassResolver}.
 */
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';

/** What an embedded document instance offers to the fields that hold it. */
export interface EmbeddedInstance {
  /** The stored form (db field names; `_cls` when the class uses inheritance). */
  toMongo(): Record<string, unknown>;
  /** Every validation issue of this instance, with paths prefixed by `path`. */
  _validateIssues(path: string): ValidationIssue[];
  /** Attaches to (or, with undefined, detaches from) the document holding it. */
  _setParent(parent: FieldContext | undefined): void;
}

/** What an embedded document class offers to the fields that hold it. */
export interface EmbeddedClass<TInstance extends EmbeddedInstance = EmbeddedInstance> {
  new (...args: any[]): TInstance;
  /** Name in the document registry; stored as `_cls`. */
  readonly _className: string;
  /** Builds an instance from stored data (`_cls` may name a subclass), attached to `parent`. */
  fromMongo(raw: Record<string, unknown>, parent: FieldContext): TInstance;
  /** Bound fields by attribute name (for query path resolution). */
  readonly _fields?: Readonly<Record<string, unknown>>;
}

/** A document type as given to a field: the class, a thunk returning it, or its registry name. */
export type EmbeddedClassRef<TInstance extends EmbeddedInstance = EmbeddedInstance> =
  EmbeddedClass<TInstance> | (() => EmbeddedClass<TInstance>) | string;

type Resolver = (className: string) => EmbeddedClass | undefined;
let resolver: Resolver | undefined;

/**
 * Installs the lookup from class name to embedded class (called once by `document/`'s registry).
 *
 * @example
 * const registry = new Map<string, EmbeddedClass>();
 * setEmbeddedClassResolver((name) => registry.get(name));
 */
export function setEmbeddedClassResolver(fn: Resolver): void {
  resolver = fn;
}

/**
 * Finds an embedded class by registry name, or undefined.
 *
 * @example
 * resolveEmbeddedClass('Address'); // class Address
 */
export function resolveEmbeddedClass(className: string): EmbeddedClass | undefined {
  return resolver?.(className);
}

/**
 * True when `value` looks like an embedded document instance (structurally).
 *
 * @example
 * isEmbeddedInstance(new Address({ city: 'Paris' })); // true
 */
export function isEmbeddedInstance(value: unknown): value is EmbeddedInstance {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as EmbeddedInstance).toMongo === 'function' &&
    typeof (value as EmbeddedInstance)._validateIssues === 'function' &&
    typeof (value as EmbeddedInstance)._setParent === 'function'
  );
}

/**
 * True when `value` is an embedded class rather than a thunk returning one.
 *
 * @example
 * isEmbeddedClass(Address); // true
 */
export function isEmbeddedClass(value: unknown): value is EmbeddedClass {
  return typeof value === 'function' && typeof (value as unknown as EmbeddedClass).fromMongo === 'function';
}
