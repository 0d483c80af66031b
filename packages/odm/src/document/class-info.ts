/**
 * Per-class metadata, computed once per user class on first use.
 *
 * The class a user writes (`class User extends Document.define({...}) {}`) is the *document
 * class*: it has the name, the registry entry, the collection and the error subclasses. The
 * class `define` returns is an intermediate that only carries a {@link Definition} (its own
 * fields and meta) and the attribute accessors; it is transparent here. Walking the prototype
 * chain from a document class therefore finds its definitions and its parent document class.
 *
 * Registration: `define` cannot see the class that will extend its result (a static initializer
 * on the returned class runs before the subclass exists, with `this` bound to the intermediate),
 * so a document class registers itself — name, `_cls` chain, collection, error subclasses — the
 * first time it is used: constructed (`new.target`), loaded, or called at class level (`this`).
 * A subclass that is only ever reached through its base (loading `_cls: 'Page.DatedPage'` via
 * `Page`) must be registered up front with `static { this.register(); }` or `DatedPage.register()`;
 * a miss raises `NotRegistered` saying exactly that.
 */
import { DoesNotExist, MultipleObjectsReturned } from '../errors/usage-errors.js';
import { InvalidDocumentError } from '../errors/usage-errors.js';
import type { AnyField } from '../fields/base-field.js';
import { createAutoIdField } from './auto-id.js';
import type { DocumentMeta, ResolvedMeta } from './meta.js';
import { defaultCollectionName } from './naming.js';
import { registerDocumentClass } from './registry.js';
import type { ClassRef } from './class-ref.js';

/** Static own property of a class returned by `define`: the fields and meta it declared. */
export const DEFINITION = Symbol('mongoengine.definition');
/** Static own property of the four base classes (`Document`, `EmbeddedDocument`, and their dynamic forms). */
export const BASE_KIND = Symbol('mongoengine.baseKind');

/** What `define` records on the class it returns. */
export interface Definition {
  readonly fields: Readonly<Record<string, AnyField>>;
  readonly meta: DocumentMeta;
}

/** What a base class says about its documents. */
export interface BaseKind {
  readonly kind: 'document' | 'embedded';
  readonly dynamic: boolean;
}

/** Everything the document layer knows about one document class. */
export interface ClassInfo {
  /** The class itself. */
  readonly cls: ClassRef;
  /** The JS class name. */
  readonly name: string;
  /** Registry name and `_cls` value: the chain of concrete ancestors, e.g. `'Page.DatedPage'`. */
  readonly className: string;
  /** Whether the class derives from `Document` or from `EmbeddedDocument`. */
  readonly kind: 'document' | 'embedded';
  /** True for dynamic classes, which accept undeclared attributes. */
  readonly dynamic: boolean;
  /** Metadata of the nearest user class above this one; undefined when that is a base class (`Document`, …). */
  readonly parent: ClassInfo | undefined;
  /** Bound fields by attribute name, in declaration order (the automatic `id` first). */
  readonly fields: Readonly<Record<string, AnyField>>;
  /** Attribute names of {@link fields}, in the same order. */
  readonly fieldNames: readonly string[];
  /** Bound fields by db field name (e.g. `_id` for the primary key). */
  readonly byDbField: ReadonlyMap<string, AnyField>;
  /** The meta after inheritance and defaults are applied. */
  readonly meta: ResolvedMeta;
  /** Collection name (undefined for abstract and embedded classes). */
  readonly collection: string | undefined;
  /** Known subclasses (direct and indirect) that have been used or registered. */
  readonly subclasses: Set<ClassInfo>;
  /** Error class `<Name>.DoesNotExist`, a subclass of the parent class's one. */
  readonly DoesNotExist: typeof DoesNotExist;
  /** Error class `<Name>.MultipleObjectsReturned`, a subclass of the parent class's one. */
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
}

const infos = new WeakMap<ClassRef, ClassInfo>();
const finaliseListeners: ((info: ClassInfo) => void)[] = [];

/**
 * Calls `listener` with the metadata of every class finalised from now on, before the class is
 * registered (a later layer keeps per-class data this way, e.g. the reverse delete rules a class
 * declares; throwing rejects the class). Returns its remover.
 *
 * @example
 * onClassFinalised((info) => { for (const name of info.fieldNames) console.log(info.fields[name]); });
 */
export function onClassFinalised(listener: (info: ClassInfo) => void): () => void {
  finaliseListeners.push(listener);
  return () => {
    const i = finaliseListeners.indexOf(listener);
    if (i >= 0) finaliseListeners.splice(i, 1);
  };
}

function hasOwn(obj: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function definitionOf(cls: ClassRef): Definition {
  return (cls as unknown as { [DEFINITION]: Definition })[DEFINITION];
}

/**
 * The base kind of a class (walking up to one of the four base classes), or undefined.
 *
 * @example
 * baseKindOf(User); // { kind: 'document', dynamic: false }
 */
export function baseKindOf(cls: ClassRef): BaseKind | undefined {
  for (let c: unknown = cls; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    if (hasOwn(c, BASE_KIND)) return (c as unknown as Record<symbol, BaseKind>)[BASE_KIND];
  }
  return undefined;
}

/**
 * True for `Document`, `EmbeddedDocument`, `DynamicDocument` and `DynamicEmbeddedDocument` themselves.
 *
 * @example
 * isBaseClass(Document); // true
 * isBaseClass(User); // false
 */
export function isBaseClass(cls: ClassRef): boolean {
  return hasOwn(cls, BASE_KIND);
}

/**
 * The metadata of a document class, computing (and registering) it on first call.
 *
 * @throws {InvalidDocumentError} for a base class, for the class `define` returns used directly,
 *   and for schema errors (subclassing a class that does not allow inheritance, duplicate
 *   `dbField`s, a second primary key).
 * @example
 * classInfo(User).collection; // 'user'
 */
export function classInfo(cls: ClassRef): ClassInfo {
  const cached = infos.get(cls);
  if (cached) return cached;
  if (isBaseClass(cls)) {
    throw new InvalidDocumentError(
      `${cls.name} is a base class, not a document class. Declare one with \`class User extends ${cls.name}.define({...}) {}\`.`,
    );
  }
  if (hasOwn(cls, DEFINITION)) {
    throw new InvalidDocumentError(
      'The class returned by define() is a base to extend, not a document class: declare `class Name extends Document.define({...}) {}` and use Name.',
    );
  }
  const info = computeInfo(cls);
  // A listener may reject the class (a schema error): it then stays unregistered, like the others.
  for (const listener of [...finaliseListeners]) listener(info);
  infos.set(cls, info);
  for (let p = info.parent; p; p = p.parent) p.subclasses.add(info);
  registerDocumentClass(info.className, cls);
  return info;
}

function computeInfo(cls: ClassRef): ClassInfo {
  const base = baseKindOf(cls);
  if (!base) throw new InvalidDocumentError(`${cls.name} does not extend Document or EmbeddedDocument.`);
  // Collect the definitions between this class and its parent document class.
  const definitions: Definition[] = [];
  let p = Object.getPrototypeOf(cls) as ClassRef;
  while (hasOwn(p, DEFINITION)) {
    definitions.unshift(definitionOf(p));
    p = Object.getPrototypeOf(p) as ClassRef;
  }
  const parent = isBaseClass(p) ? undefined : classInfo(p);
  const name = cls.name;
  if (!name)
    throw new InvalidDocumentError(
      'Document classes need a name: declare `class Name extends Document.define(...) {}`.',
    );

  if (parent && !parent.meta.abstract && !parent.meta.allowInheritance) {
    throw new InvalidDocumentError(
      `${name} extends ${parent.name}, which does not allow subclasses. Set \`allowInheritance: true\` in ${parent.name}'s meta (or make it abstract).`,
    );
  }
  const ownMeta: DocumentMeta = Object.assign({}, ...definitions.map((d) => d.meta)) as DocumentMeta;
  const concreteParent = findConcrete(parent);
  if (concreteParent && ownMeta.collection !== undefined) {
    process.emitWarning(
      `${name} sets meta.collection but shares the collection of ${concreteParent.name}; the setting is ignored.`,
      { code: 'MONGOENGINE_SUBCLASS_COLLECTION' },
    );
  }

  const fields: Record<string, AnyField> = { ...parent?.fields };
  for (const def of definitions) {
    for (const [attr, field] of Object.entries(def.fields)) {
      field.ownerName = name;
      fields[attr] = field;
    }
  }
  const pkFields = Object.entries(fields).filter(([, f]) => f.options.primaryKey === true);
  if (pkFields.length > 1) {
    throw new InvalidDocumentError(
      `${name} declares more than one primary key: ${pkFields.map(([n]) => n).join(', ')}.`,
    );
  }
  // A subclass keeps its parent's primary key (the automatic `id` is already among the parent's fields).
  let idField: string | undefined = pkFields[0]?.[0] ?? parent?.meta.idField;
  let ordered = fields;
  if (base.kind === 'document' && idField === undefined) {
    if (fields['id'] !== undefined) {
      throw new InvalidDocumentError(
        `${name} declares a field named 'id' that is not its primary key; 'id' is the automatic primary key. Rename the field or give it \`primaryKey: true\`.`,
      );
    }
    ordered = { id: createAutoIdField(name), ...fields };
    idField = 'id';
  }
  const byDbField = new Map<string, AnyField>();
  for (const [attr, field] of Object.entries(ordered)) {
    const clash = byDbField.get(field.dbField);
    if (clash && clash !== field) {
      throw new InvalidDocumentError(
        `${name}: fields '${clash.name}' and '${attr}' both use the db field '${field.dbField}'.`,
      );
    }
    byDbField.set(field.dbField, field);
  }

  const inherited = parent?.meta;
  const meta: ResolvedMeta = {
    collection: undefined,
    dbAlias: ownMeta.dbAlias ?? inherited?.dbAlias ?? 'default',
    ordering: ownMeta.ordering ?? inherited?.ordering ?? [],
    indexes: [...(inherited?.indexes ?? []), ...(ownMeta.indexes ?? [])],
    indexOpts: ownMeta.indexOpts ?? inherited?.indexOpts,
    indexBackground: ownMeta.indexBackground ?? inherited?.indexBackground ?? false,
    indexCls: ownMeta.indexCls ?? inherited?.indexCls ?? true,
    autoCreateIndex: ownMeta.autoCreateIndex ?? inherited?.autoCreateIndex ?? true,
    autoCreateIndexOnSave: ownMeta.autoCreateIndexOnSave ?? inherited?.autoCreateIndexOnSave ?? false,
    maxDocuments: ownMeta.maxDocuments ?? inherited?.maxDocuments,
    maxSize: ownMeta.maxSize ?? inherited?.maxSize,
    shardKey: ownMeta.shardKey ?? inherited?.shardKey ?? [],
    strict: ownMeta.strict ?? inherited?.strict ?? true,
    abstract: ownMeta.abstract ?? false,
    allowInheritance: ownMeta.allowInheritance ?? inherited?.allowInheritance ?? false,
    cascade: ownMeta.cascade ?? inherited?.cascade ?? false,
    idField,
  };
  let collection: string | undefined;
  if (base.kind === 'document' && !meta.abstract) {
    if (concreteParent) collection = concreteParent.collection;
    else {
      const c =
        ownMeta.collection ?? (parent?.meta.abstract ? parentCollectionOption(definitionsOf(p)) : undefined);
      collection = typeof c === 'function' ? c(cls) : (c ?? defaultCollectionName(name));
    }
  }
  if (collection !== undefined) {
    // SequenceField names its counter after the owning collection by default.
    for (const field of Object.values(ordered)) {
      if (
        'ownerCollection' in field &&
        (field as { ownerCollection?: string }).ownerCollection === undefined
      ) {
        (field as { ownerCollection?: string }).ownerCollection = collection;
      }
    }
  }
  const className =
    concreteParent && concreteParent.meta.allowInheritance ? `${concreteParent.className}.${name}` : name;
  const parentDoesNotExist = parent?.DoesNotExist ?? DoesNotExist;
  const parentMultiple = parent?.MultipleObjectsReturned ?? MultipleObjectsReturned;
  return {
    cls,
    name,
    className,
    kind: base.kind,
    dynamic: base.dynamic,
    parent,
    fields: ordered,
    fieldNames: Object.keys(ordered),
    byDbField,
    meta: { ...meta, collection },
    collection,
    subclasses: new Set(),
    DoesNotExist: namedSubclass(parentDoesNotExist, `${name}.DoesNotExist`),
    MultipleObjectsReturned: namedSubclass(parentMultiple, `${name}.MultipleObjectsReturned`),
  };
}

/** The nearest non-abstract ancestor (the one whose collection a subclass shares). */
function findConcrete(info: ClassInfo | undefined): ClassInfo | undefined {
  for (let p = info; p; p = p.parent) if (!p.meta.abstract) return p;
  return undefined;
}

/** Definitions of all classes above `cls` (used to inherit `collection` from abstract bases). */
function definitionsOf(cls: ClassRef): Definition[] {
  const out: Definition[] = [];
  for (let c: unknown = cls; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    if (hasOwn(c, DEFINITION)) out.push(definitionOf(c as ClassRef));
  }
  return out;
}

function parentCollectionOption(defs: Definition[]): DocumentMeta['collection'] {
  // An abstract base may name the collection for its concrete children (MongoEngine inherits abstract meta).
  for (const d of defs) if (d.meta.collection !== undefined) return d.meta.collection;
  return undefined;
}

function namedSubclass<T extends new (...args: any[]) => Error>(base: T, name: string): T {
  const sub = class extends base {};
  Object.defineProperty(sub, 'name', { value: name });
  return sub;
}

/**
 * All concrete `_cls` names a query on this class should match: itself and its known subclasses.
 *
 * @example
 * subclassNames(classInfo(Page)); // ['Page', 'Page.DatedPage']
 */
export function subclassNames(info: ClassInfo): string[] {
  const names = info.meta.abstract ? [] : [info.className];
  for (const sub of info.subclasses) if (!sub.meta.abstract) names.push(sub.className);
  return names;
}
