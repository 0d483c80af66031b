import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo } from '../document/class-info.js';
import type { FieldsOf } from '../document/defined-class.js';
import { OperationError } from '../errors/operation-error.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { BaseField, type AnyField, type BaseFieldOptions } from '../fields/base-field.js';
import type { FieldContext } from '../fields/tracked.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { installCachedReferenceSync } from './cached-reference-sync.js';
import { Ref } from './ref.js';
import { ReferenceField, type ReferenceFieldOptions, type ReferenceIdInput } from './reference-field.js';

/** Any document class a cached reference can point to. */
type DocClass = abstract new (...args: any[]) => object;

/** The attribute names of `TCls` that can be cached. */
export type CachedFieldName<TCls> = Exclude<keyof FieldsOf<TCls> & string, 'id'>;

/** Options of {@link CachedReferenceField}. */
export interface CachedReferenceFieldOptions<TName extends string = string, TValue = unknown> extends Omit<
  ReferenceFieldOptions<TValue>,
  'dbref' | 'choices' | 'primaryKey'
> {
  /** The target's attributes copied next to its `_id` (default: none). */
  readonly fields?: readonly TName[];
  /** Rewrite the copies when a target is saved with changes to a copied attribute (default `true`). */
  readonly autoSync?: boolean;
}

/** The copied attributes' types: `Pick` of the target instance. */
export type CachedValues<TDoc, TOptions> = TOptions extends {
  /** The declared names of the copied attributes. */
  readonly fields: readonly (infer K)[];
}
  ? Readonly<Pick<TDoc, K & keyof TDoc>>
  : Readonly<Record<never, never>>;

/**
 * The value of a {@link CachedReferenceField}: a {@link Ref} that also carries the copied
 * attributes as `.cached`, readable without a query.
 *
 * @example
 * class Post extends Document.define({ author: new CachedReferenceField(() => User, { fields: ['name'] }) }) {}
 * const post = (await Post.objects().first())!;
 * post.author!.cached.name; // 'Ada' — from the post, no query
 * await post.author!.fetch(); // the whole User
 */
export class CachedRef<T, TCached = Readonly<Record<string, unknown>>> extends Ref<T> {
  readonly #names: readonly string[];
  readonly #stored: Readonly<Record<string, unknown>>;

  /** Made by {@link CachedReferenceField}; `stored` holds the copies read from the database. */
  constructor(
    target: () => AnyDocumentClass,
    id: unknown,
    doc: T | undefined,
    names: readonly string[],
    stored: Readonly<Record<string, unknown>> = {},
  ) {
    super(target, id, doc);
    this.#names = names;
    this.#stored = stored;
  }

  /**
   * The copied attributes: taken from the target when it is loaded (what a save would store),
   * otherwise as stored with the referring document.
   *
   * @example
   * class Post extends Document.define({ author: new CachedReferenceField(() => User, { fields: ['name'] }) }) {}
   * declare const post: Post;
   * post.author!.cached.name; // string | undefined
   */
  get cached(): TCached {
    if (!this.isLoaded) return this.#stored as TCached;
    const doc = this.value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const name of this.#names) if (doc[name] !== undefined) out[name] = doc[name];
    return out as TCached;
  }
}

/** What a cached reference accepts: a document, a `Ref` (loaded, to copy from), or an id in queries. */
export type CachedReferenceInput<TDoc> = Ref<TDoc> | TDoc | ReferenceIdInput;

/** The members a cached reference exposes to query paths (`author__name` → `author.name`). */
interface CachedShape {
  readonly _className: string;
  readonly _fields: Readonly<Record<string, AnyField>>;
}

/**
 * A reference that stores the target's id together with copies of some of its attributes
 * (`{ _id, name }`), so they can be read and queried without a join. With `autoSync` (default)
 * saving a target with changes to a copied attribute rewrites the copies in every referring
 * document; {@link syncCachedReferences} rewrites them all. Not allowed in embedded documents.
 *
 * @example
 * class Post extends Document.define({ author: new CachedReferenceField(() => User, { fields: ['name'] }) }) {}
 * await new Post({ author: ada }).save(); // { author: { _id: ada._id, name: 'Ada' } }
 * await Post.objects({ author__name: 'Ada' }).count(); // { 'author.name': 'Ada' }
 * await Post.objects({ author: ada }).count(); // { 'author._id': ada._id }
 */
export class CachedReferenceField<
  TCls extends DocClass,
  const TOptions extends CachedReferenceFieldOptions<
    CachedFieldName<NoInfer<TCls>>,
    CachedRef<InstanceType<NoInfer<TCls>>>
  > = CachedReferenceFieldOptions<CachedFieldName<NoInfer<TCls>>, CachedRef<InstanceType<NoInfer<TCls>>>>,
> extends BaseField<
  CachedRef<InstanceType<TCls>, CachedValues<InstanceType<TCls>, TOptions>>,
  TOptions & BaseFieldOptions<any>,
  CachedReferenceInput<InstanceType<TCls>>
> {
  readonly fieldType: string = 'CachedReferenceField';
  /** The target class thunk. */
  readonly targetThunk: () => TCls;
  // Plain (not #private) members: `bind` may copy a field with Object.assign.
  private shape: CachedShape | undefined;
  private idRef: ReferenceField<object> | undefined;

  constructor(target: () => TCls, options?: TOptions) {
    super(options as TOptions & BaseFieldOptions<any>);
    this.targetThunk = target;
    installCachedReferenceSync();
  }

  /** The target class (resolved on use). */
  get target(): AnyDocumentClass {
    return this.targetThunk() as unknown as AnyDocumentClass;
  }

  /** The copied attribute names. */
  get cachedNames(): readonly string[] {
    return this.options.fields ?? [];
  }

  /** Whether saves of a target rewrite the copies. */
  get autoSync(): boolean {
    return this.options.autoSync !== false;
  }

  /** The db keys of the copies inside the stored sub-document. */
  cachedDbKeys(): string[] {
    const fields = classInfo(this.target).fields;
    return this.cachedNames.map((name) => fields[name]?.dbField ?? name);
  }

  /**
   * The copied fields and the key, as query paths see them (an embedded-like shape, so
   * `author__name` resolves to `author.<dbField>`). Unique flags are dropped: many referrers
   * share one copy, so the target's unique indexes must not be repeated on them.
   */
  get documentType(): CachedShape & {
    /** Type-only: the copied fields and the key, by attribute name. */
    readonly __fields: CachedFieldMap<TCls, TOptions>;
  } {
    if (this.shape === undefined) {
      const info = classInfo(this.target);
      const fields: Record<string, AnyField> = {};
      const idName = info.meta.idField ?? 'id';
      const idField = info.fields[idName];
      if (idField !== undefined) {
        fields[idName] = idField;
        fields['pk'] = idField;
        fields['_id'] = idField;
      }
      for (const name of this.cachedNames) {
        const field = info.fields[name];
        if (field === undefined) {
          throw new TypeError(
            `CachedReferenceField '${this.ownerName}.${this.name}': ${info.className} has no field '${name}' to cache.`,
          );
        }
        fields[name] = withoutIndexFlags(field);
      }
      this.shape = { _className: `${info.className} (cached)`, _fields: fields };
    }
    return this.shape as CachedShape & { readonly __fields: CachedFieldMap<TCls, TOptions> };
  }

  override lookupMember(name: string): AnyField | undefined {
    return Object.prototype.hasOwnProperty.call(this.documentType._fields, name)
      ? this.documentType._fields[name]
      : undefined;
  }

  /**
   * Filters compare the stored `_id` (`author: ada` → `{ 'author._id': ada._id }`), prepared like
   * a plain reference, while updates (`set__author: ada`) write the whole copy.
   */
  filterBy(): {
    /** Sub-path of the stored value that filters compare (`_id`). */
    readonly subPath: string;
    /** The field that prepares the filter value (a reference to the target). */
    readonly field: AnyField;
  } {
    if (this.idRef === undefined || this.idRef.name !== this.name) {
      this.idRef = new ReferenceField<object>(() => this.target).bind(this.name, this.ownerName);
    }
    return { subPath: '_id', field: this.idRef };
  }

  private get pkField(): AnyField {
    const info = classInfo(this.target);
    return info.fields[info.meta.idField ?? 'id']!;
  }

  private makeRef(id: unknown, doc: object | undefined, stored?: Record<string, unknown>): CachedRef<object> {
    return new CachedRef<object>(() => this.target, id, doc, this.cachedNames, stored);
  }

  override cast(value: unknown): unknown {
    if (value === undefined || value === null || value instanceof CachedRef) return value;
    if (value instanceof Ref) {
      return value.isLoaded ? this.makeRef(value.id, value.value as object) : value;
    }
    if (value instanceof this.target) return this.makeRef(undefined, value);
    return value;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    if (raw === undefined || raw === null) return raw;
    if (!isPlainObject(raw)) return this.makeRef(this.pkField.cast(raw), undefined);
    const fields = classInfo(this.target).fields;
    const stored: Record<string, unknown> = {};
    for (const name of this.cachedNames) {
      const field = fields[name];
      if (field === undefined || !(field.dbField in raw)) continue;
      // Copies are not tracked: changing one is not a change of the referring document.
      stored[name] = field.toJs(raw[field.dbField], { path: `${ctx.path}.${field.dbField}` });
    }
    return this.makeRef(this.pkField.cast(raw['_id']), undefined, stored);
  }

  override toMongo(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    const ref = this.cast(value);
    if (!(ref instanceof CachedRef)) return value;
    const id: unknown = ref.id;
    if (id === undefined || id === null) {
      const where = this.ownerName ? `${this.ownerName}.${this.name}` : this.name;
      throw new OperationError(`Field '${where}' ${this.unsavedMessage()}.`);
    }
    const out: Record<string, unknown> = { _id: this.pkField.toMongo(id) };
    const fields = classInfo(this.target).fields;
    const copies = ref.cached as Record<string, unknown>;
    for (const name of this.cachedNames) {
      const field = fields[name];
      const v = copies[name];
      if (field !== undefined && v !== undefined) out[field.dbField] = field.toMongo(v);
    }
    return out;
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    const name = classInfo(this.target).className;
    if (!(value instanceof CachedRef)) {
      return [
        this.issue(
          path,
          'type',
          `must be a ${name} document or a loaded Ref (the cached fields are copied from it)`,
        ),
      ];
    }
    const cls = value.targetClass;
    if (!(cls === this.target || cls.prototype instanceof this.target)) {
      return [this.issue(path, 'type', `must reference a ${name}, not a ${classInfo(cls).className}`)];
    }
    if (value.id === undefined || value.id === null) {
      return [this.issue(path, 'unsaved_reference', this.unsavedMessage())];
    }
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    const ref = this.cast(value);
    if (!(ref instanceof CachedRef) || this.validateValue(ref, this.name).length > 0) {
      throw this.queryError(op, value, `a saved ${classInfo(this.target).className} document`);
    }
    return this.toMongo(ref);
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    return a instanceof Ref && b instanceof Ref ? a.equals(b) : a === b;
  }

  protected override expectedType(): string {
    return `${classInfo(this.target).className} document`;
  }

  private unsavedMessage(): string {
    return `references an unsaved ${classInfo(this.target).className}: save it first (it has no id)`;
  }
}

/** The copied fields (and the key) as an embedded field map, for typed query keys (`author__name`). */
type CachedFieldMap<TCls, TOptions> = Pick<
  FieldsOf<TCls>,
  (CachedNames<TOptions> | IdKey<TCls>) & keyof FieldsOf<TCls>
>;
type CachedNames<TOptions> = TOptions extends { readonly fields: readonly (infer K)[] } ? K & string : never;
type IdKey<TCls> = 'id' & keyof FieldsOf<TCls>;

/** A view of `field` without unique flags (it inherits everything else). */
function withoutIndexFlags(field: AnyField): AnyField {
  if (!field.unique) return field;
  const view = Object.create(field) as AnyField;
  Object.defineProperty(view, 'options', {
    value: { ...field.options, unique: false, uniqueWith: undefined },
    enumerable: true,
  });
  return view;
}
