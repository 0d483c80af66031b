import { InvalidDocumentError, NotRegistered } from '../errors/usage-errors.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { BaseField, type AnyField, type BaseFieldOptions } from './base-field.js';
import { containsOperator } from './dynamic-field.js';
import {
  isEmbeddedClass,
  isEmbeddedInstance,
  resolveEmbeddedClass,
  type EmbeddedClass,
  type EmbeddedInstance,
} from './embedded-protocol.js';
import { LOADS_BOUND, type FieldContext } from './tracked.js';

/** The instance type of an embedded class. */
export type EmbeddedInstanceOf<C> = C extends new (...args: any[]) => infer I ? I : never;
/** What the embedded class's constructor takes (its insert shape). */
export type EmbeddedInputOf<C> = C extends new (values: infer V, ...rest: any[]) => any
  ? NonNullable<V>
  : never;

/** Resolves a class, thunk or registry name to the class (lazily, so later declarations work). */
export function resolveDocumentType(ref: unknown, fieldName: string): EmbeddedClass {
  if (isEmbeddedClass(ref)) return ref;
  if (typeof ref === 'string') {
    const cls = resolveEmbeddedClass(ref);
    if (!cls)
      throw new NotRegistered(
        `Embedded document class '${ref}' (field '${fieldName}') is not registered. Declare it before use.`,
      );
    return cls;
  }
  if (typeof ref === 'function') {
    const cls = (ref as () => unknown)();
    if (isEmbeddedClass(cls)) return cls;
  }
  throw new InvalidDocumentError(
    `Field '${fieldName}' needs an embedded document class, a thunk returning one, or its name.`,
  );
}

/**
 * One embedded document of a given class, stored as a sub-document. The instance reports its
 * changes under this field's path (`address.city`). A plain object assigned to it is turned
 * into an instance. Query sub-paths resolve through the class's fields (`address__city`).
 *
 * @example
 * class Address extends EmbeddedDocument.define({ city: new StringField() }) {}
 * const address = new EmbeddedDocumentField(Address, { required: true });
 */
export class EmbeddedDocumentField<
  const C extends EmbeddedClass<any>,
  const TOptions extends BaseFieldOptions<EmbeddedInstanceOf<C>> = BaseFieldOptions<EmbeddedInstanceOf<C>>,
> extends BaseField<EmbeddedInstanceOf<C>, TOptions, EmbeddedInstanceOf<C> | EmbeddedInputOf<C>> {
  readonly fieldType: string = 'EmbeddedDocumentField';
  private readonly typeRef: C | (() => C) | string;
  private resolved: EmbeddedClass | undefined;

  constructor(documentType: C | (() => C) | string, options?: TOptions) {
    super(options);
    this.typeRef = documentType;
  }

  /** The embedded class (resolved on first use). */
  get documentType(): C {
    this.resolved ??= resolveDocumentType(this.typeRef, this.name || this.fieldType);
    return this.resolved as C;
  }

  override cast(value: unknown): unknown {
    if (isPlainObject(value)) return new this.documentType(value);
    return value;
  }

  override attach(value: unknown, ctx: FieldContext): unknown {
    if (isEmbeddedInstance(value)) value._setParent(ctx);
    return value;
  }

  override toMongo(value: unknown): unknown {
    return isEmbeddedInstance(value) ? value.toMongo() : value;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    if (isPlainObject(raw)) return this.documentType.fromMongo(raw, ctx);
    return this.attach(raw, ctx);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!(value instanceof this.documentType) || !isEmbeddedInstance(value)) {
      return [
        this.issue(
          path,
          'type',
          `Invalid embedded document instance provided to ${this.fieldType} (expected ${this.documentType._className})`,
        ),
      ];
    }
    return value._validateIssues(path);
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (isEmbeddedInstance(value)) return value.toMongo();
    if (isPlainObject(value) && !containsOperator(value)) {
      const instance = this.cast(value);
      return isEmbeddedInstance(instance) ? instance.toMongo() : value;
    }
    throw this.queryError(op, value, `a ${this.documentType._className} instance or a plain sub-document`);
  }

  override lookupMember(name: string): AnyField | undefined {
    return this.documentType._fields?.[name] as AnyField | undefined;
  }
}

// `toJs` builds the instance with its parent set to `ctx` (or attaches a non-plain value), and
// `cast` leaves instances alone: a list of these need not bind loaded items a second time.
Object.defineProperty(EmbeddedDocumentField.prototype, LOADS_BOUND, {
  value: EmbeddedDocumentField.prototype,
});

/** Options of {@link GenericEmbeddedDocumentField}. */
export interface GenericEmbeddedDocumentFieldOptions extends BaseFieldOptions<EmbeddedInstance> {
  /** Classes (or thunks / registry names) accepted; any registered embedded class when omitted. */
  readonly documentTypes?: readonly (EmbeddedClass<any> | (() => EmbeddedClass<any>) | string)[];
}

/**
 * An embedded document of any registered class, stored with its `_cls` so it loads as the
 * right class. `documentTypes` limits the classes accepted.
 *
 * @example
 * const block = new GenericEmbeddedDocumentField({ documentTypes: [TextBlock, ImageBlock] });
 */
export class GenericEmbeddedDocumentField<
  const TOptions extends GenericEmbeddedDocumentFieldOptions = GenericEmbeddedDocumentFieldOptions,
> extends BaseField<EmbeddedInstance, TOptions> {
  readonly fieldType: string = 'GenericEmbeddedDocumentField';

  private allowedClasses(): EmbeddedClass[] | undefined {
    return this.options.documentTypes?.map((ref) => resolveDocumentType(ref, this.name || this.fieldType));
  }

  override attach(value: unknown, ctx: FieldContext): unknown {
    if (isEmbeddedInstance(value)) value._setParent(ctx);
    return value;
  }

  override toMongo(value: unknown): unknown {
    if (!isEmbeddedInstance(value)) return value;
    const doc = value.toMongo();
    const name = (value.constructor as Partial<EmbeddedClass>)._className;
    return name !== undefined && doc['_cls'] === undefined ? { _cls: name, ...doc } : doc;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    if (!isPlainObject(raw)) return this.attach(raw, ctx);
    const name = raw['_cls'];
    if (typeof name !== 'string') return raw;
    const cls = this.allowedClasses()?.find((c) => c._className === name) ?? resolveEmbeddedClass(name);
    if (!cls)
      throw new NotRegistered(`Embedded document class '${name}' (field '${this.name}') is not registered.`);
    return cls.fromMongo(raw, ctx);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!isEmbeddedInstance(value)) {
      return [this.issue(path, 'type', `Invalid embedded document instance provided to ${this.fieldType}`)];
    }
    const allowed = this.allowedClasses();
    if (allowed && !allowed.some((c) => value instanceof c)) {
      const names = allowed.map((c) => c._className).join(', ');
      return [this.issue(path, 'choices', `Invalid embedded document class: expected one of ${names}`)];
    }
    return value._validateIssues(path);
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (isEmbeddedInstance(value)) return this.toMongo(value);
    if (isPlainObject(value) && !containsOperator(value)) return value;
    throw this.queryError(op, value, 'an embedded document instance or a plain sub-document');
  }
}
