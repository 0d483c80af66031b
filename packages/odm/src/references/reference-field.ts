import { DBRef, type Binary, type ObjectId } from 'mongodb';
import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo } from '../document/class-info.js';
import { OperationError } from '../errors/operation-error.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { BaseField, type AnyField, type BaseFieldOptions } from '../fields/base-field.js';
import type { FieldContext } from '../fields/tracked.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { DeleteRule } from './delete-rule.js';
import { keepLoaded } from './loaded-paths.js';
import { Ref, sameId } from './ref.js';

/** Options of {@link ReferenceField}. */
export interface ReferenceFieldOptions<TValue = unknown> extends BaseFieldOptions<TValue> {
  /** Store a `DBRef(collection, id)` instead of the bare id. */
  readonly dbref?: boolean;
  /** What deleting the target does to documents holding this reference (default `DO_NOTHING`); see docs/delete-rules.md. */
  readonly reverseDeleteRule?: DeleteRule;
}

/**
 * What a reference field accepts: a `Ref`, a document instance, or an id (checked at run time
 * against the target's primary key). The id is not typed from `TDoc` on purpose: reading the
 * target's `pk` type here would force the target class to be resolved while it is being defined,
 * which breaks classes that reference each other.
 */
export type ReferenceInput<TDoc> = Ref<TDoc> | TDoc | ReferenceIdInput;

/** An id given to a reference field or query (cast with the target's primary key field). */
export type ReferenceIdInput = ObjectId | string | number | bigint | Binary | Date | DBRef;

/**
 * The instance type of a target class. Deliberately lazy (a conditional type over an
 * unconstrained parameter) so two classes referencing each other do not form an inference cycle.
 */
export type TargetOf<TCls> = TCls extends abstract new (...args: any[]) => infer I
  ? I extends object
    ? I
    : never
  : never;

/**
 * A reference to a document of another (or the same) class, stored as its id (or a `DBRef` with
 * `dbref: true`). An instance holds a {@link Ref}; assigning a document or an id works. The
 * target is a thunk, so it may be declared later; for two classes that reference each other, give
 * the type argument explicitly on one side: `new ReferenceField<typeof User>(() => User)`.
 *
 * @example
 * class Post extends Document.define({ author: new ReferenceField(() => User, { required: true }) }) {}
 * const post = await new Post({ author: ada }).save();
 * await post.author.fetch(); // User
 * await Post.objects({ author: ada }).count(); // { author: ada._id }
 */
export class ReferenceField<
  TDoc,
  const TOptions extends ReferenceFieldOptions<Ref<NoInfer<TDoc>>> = ReferenceFieldOptions<
    Ref<NoInfer<TDoc>>
  >,
> extends BaseField<Ref<TDoc>, TOptions, ReferenceInput<TDoc>> {
  readonly fieldType: string = 'ReferenceField';
  /** The target class thunk. */
  readonly targetThunk: () => unknown;

  constructor(target: () => { readonly prototype: TDoc }, options?: TOptions);
  constructor(target: () => unknown, options?: TOptions);
  constructor(target: () => unknown, options?: TOptions) {
    super(options);
    this.targetThunk = target;
  }

  /** The target class (resolved on use). */
  get target(): AnyDocumentClass {
    return this.targetThunk() as AnyDocumentClass;
  }

  /** The target's primary key field, used to cast ids. */
  protected get pkField(): AnyField {
    const info = classInfo(this.target);
    return info.fields[info.meta.idField ?? 'id']!;
  }

  override cast(value: unknown): unknown {
    if (value === undefined || value === null || value instanceof Ref) return value;
    const target = this.target;
    if (value instanceof target) return Ref.of(value);
    if (value instanceof DBRef) return new Ref(() => this.target, this.pkField.cast(value.oid));
    if (typeof value === 'object' && !isIdObject(value)) return value;
    const id = this.pkField.cast(value);
    if (this.pkField.validate(id, this.name).some((i) => i.code === 'type')) return value;
    return new Ref(() => this.target, id);
  }

  /** An attribute loaded by `selectRelated` keeps holding documents (see `loaded-paths.ts`). */
  override attach(value: unknown, ctx: FieldContext): unknown {
    return keepLoaded(value, ctx);
  }

  override toJs(raw: unknown, _ctx: FieldContext): unknown {
    if (raw === undefined || raw === null) return raw;
    const id = raw instanceof DBRef ? raw.oid : raw;
    return new Ref(() => this.target, this.pkField.cast(id));
  }

  override toMongo(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    const ref = value instanceof Ref ? value : this.cast(value);
    if (!(ref instanceof Ref)) return value;
    const id = ref.id;
    if (id === undefined || id === null) throw this.unsavedError();
    const stored = this.pkField.toMongo(id);
    if (this.options.dbref === true) {
      const collection = classInfo(this.target).collection ?? '';
      return new DBRef(collection, stored as never);
    }
    return stored;
  }

  protected override validateValue(input: unknown, path: string): ValidationIssue[] {
    // A document loaded by selectRelated is checked as the Ref it stands for.
    const value = input instanceof Ref ? input : this.cast(input);
    if (!(value instanceof Ref)) {
      return [this.issue(path, 'type', `must be a ${classInfo(this.target).className} document, Ref or id`)];
    }
    if (!(value.targetClass === this.target || value.targetClass.prototype instanceof this.target)) {
      return [
        this.issue(
          path,
          'type',
          `must reference a ${classInfo(this.target).className}, not a ${classInfo(value.targetClass).className}`,
        ),
      ];
    }
    if (value.id === undefined || value.id === null) {
      return [this.issue(path, 'unsaved_reference', this.unsavedMessage())];
    }
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (value instanceof this.target && (value as { pk?: unknown }).pk == null) {
      throw this.queryError(
        op,
        value,
        `a saved ${classInfo(this.target).className} (this one has no id yet)`,
      );
    }
    if (isPlainObject(value)) throw this.queryError(op, value, this.expectedType());
    const ref = this.cast(value);
    if (!(ref instanceof Ref) || this.validateValue(ref, this.name).length > 0) {
      throw this.queryError(op, value, this.expectedType());
    }
    return this.toMongo(ref);
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    const ra = this.cast(a);
    const rb = this.cast(b);
    return ra instanceof Ref && rb instanceof Ref ? sameId(ra.id, rb.id) : a === b;
  }

  protected override expectedType(): string {
    return `${classInfo(this.target).className} document, Ref or id`;
  }

  private unsavedMessage(): string {
    return `references an unsaved ${classInfo(this.target).className}: save it first (it has no id)`;
  }

  private unsavedError(): OperationError {
    const where = this.ownerName ? `${this.ownerName}.${this.name}` : this.name;
    return new OperationError(`Field '${where}' ${this.unsavedMessage()}.`);
  }
}

/** Ids that are objects (ObjectId, UUID/Binary, Date…) as opposed to documents and plain objects. */
function isIdObject(value: object): boolean {
  return !isPlainObject(value) && !Array.isArray(value) && !('toMongo' in value);
}
