import type { ValidationIssue } from '../errors/validation-error.js';
import { isPlainObject } from '../util/is-plain-object.js';
import {
  BaseField,
  type AnyField,
  type BaseFieldOptions,
  type FieldInput,
  type FieldValue,
} from './base-field.js';
import {
  DynamicField,
  attachDynamic,
  containsOperator,
  dynamicToJs,
  dynamicToMongo,
  validateDynamic,
} from './dynamic-field.js';
import { StringField } from './string-field.js';
import { TrackedDict, isTracked, rebindTracked, type FieldContext } from './tracked.js';

/** The JS value type of a dict entry: the item field's value type, or `unknown` for an untyped dict. */
export type DictItemValue<F> = F extends AnyField ? FieldValue<F> : unknown;
type DictItemInput<F> = F extends AnyField ? FieldInput<F> : unknown;

/** Operators that MongoEngine applies to dict values as string lookups. */
const STRING_OPS = new Set([
  'exact',
  'iexact',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'regex',
  'iregex',
]);

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * An object with string keys, held in a tracked object (`d.k = v` marks `dict.k`, `delete d.k`
 * too). Values are converted by `field` when one is given, else stored as they are (any value).
 * Keys may not start with `$` or contain `.` or `\0`. Defaults to `{}`.
 *
 * @example
 * const settings = new DictField();                       // Record<string, unknown>
 * const counts = new DictField(new IntField());           // Record<string, number>
 * // Page.objects({ settings__theme: 'dark' }) → { 'settings.theme': 'dark' }
 */
export class DictField<
  const TItem extends AnyField | undefined = undefined,
  const TOptions extends BaseFieldOptions<Record<string, DictItemValue<TItem>>> = BaseFieldOptions<
    Record<string, DictItemValue<TItem>>
  >,
> extends BaseField<Record<string, DictItemValue<TItem>>, TOptions, Record<string, DictItemInput<TItem>>> {
  declare readonly __implicitDefault: true;
  readonly fieldType: string = 'DictField';
  /** The field of each value, if the dict is typed. */
  readonly field: TItem;

  constructor(field: TItem & AnyField, options?: TOptions);
  constructor(options?: TOptions);
  constructor(fieldOrOptions?: AnyField | TOptions, options?: TOptions) {
    const isField = fieldOrOptions instanceof BaseField;
    super(isField ? options : (fieldOrOptions as TOptions | undefined));
    this.field = (isField ? fieldOrOptions : undefined) as TItem;
  }

  override bind(name: string, ownerName: string): this {
    const bound = super.bind(name, ownerName);
    const f = bound.field as AnyField | undefined;
    if (f && (f.name === '' || f.name === name)) f.bind(name, ownerName);
    return bound;
  }

  override get hasDefault(): boolean {
    return true;
  }

  override getDefault(): Record<string, DictItemValue<TItem>> {
    return super.getDefault() ?? {};
  }

  override isEmpty(value: unknown): boolean {
    return (
      value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)
    );
  }

  private readonly attachValue = (value: unknown, ctx: FieldContext): unknown => {
    const f = this.field as AnyField | undefined;
    return f ? f.attach(f.cast(value), ctx) : attachDynamic(value, ctx);
  };

  override cast(value: unknown): unknown {
    const f = this.field as AnyField | undefined;
    if (!f || !isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = f.cast(v);
    return out;
  }

  override attach(value: unknown, ctx: FieldContext): unknown {
    if (rebindTracked(value, ctx)) return value;
    if (!isPlainObject(value)) return value;
    return TrackedDict.create(value, ctx, this.attachValue);
  }

  override toMongo(value: unknown): unknown {
    if (!isPlainObject(value) && !isTracked(value)) return value;
    const f = this.field as AnyField | undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = f ? f.toMongo(v) : dynamicToMongo(v);
    }
    return out;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    if (!isPlainObject(raw)) return raw;
    const f = this.field as AnyField | undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const c = { sink: ctx.sink, path: childPath(ctx.path, k) };
      out[k] = f ? f.toJs(v, c) : dynamicToJs(v, c);
    }
    return TrackedDict.create(out, ctx, this.attachValue);
  }

  override validate(value: unknown, path: string): ValidationIssue[] {
    if (value === undefined || value === null) return [];
    if (!isPlainObject(value) && !isTracked(value)) {
      return [this.issue(path, 'type', `${this.fieldType} only accepts object values`)];
    }
    const issues: ValidationIssue[] = [];
    const f = this.field as AnyField | undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.startsWith('$') || k.includes('.') || k.includes('\0')) {
        issues.push(
          this.issue(
            childPath(path, k),
            'key',
            `Invalid dictionary key ${JSON.stringify(k)}: keys may not start with '$' or contain '.' or '\\0'`,
          ),
        );
        continue;
      }
      issues.push(...(f ? f.validate(v, childPath(path, k)) : validateDynamic(v, childPath(path, k))));
    }
    if (issues.length > 0) return issues;
    return super.validate(value, path);
  }

  protected override validateValue(): ValidationIssue[] {
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (isPlainObject(value)) {
      // A whole-dict comparison; a `$` key anywhere would be an operator smuggled in as data.
      if (containsOperator(value)) throw this.queryError(op, value, 'an object without operator keys');
      return this.toMongo(value);
    }
    if (op !== undefined && STRING_OPS.has(op) && typeof value === 'string') {
      return new StringField().bind(this.name, this.ownerName).prepareQueryValue(op, value);
    }
    const f = this.field as AnyField | undefined;
    if (f) return f.prepareQueryValue(op, value);
    if (containsOperator(value)) throw this.queryError(op, value, 'a plain value');
    return dynamicToMongo(value);
  }

  override lookupMember(name: string): AnyField | undefined {
    const f = this.field as AnyField | undefined;
    return f ?? new DynamicField().bind(`${this.name}.${name}`, this.ownerName);
  }
}

/**
 * A {@link DictField} whose values all have one field type (the field is required).
 *
 * @example
 * const scores = new MapField(new IntField({ min: 0 })); // Record<string, number>
 */
export class MapField<
  const TItem extends AnyField,
  const TOptions extends BaseFieldOptions<Record<string, DictItemValue<TItem>>> = BaseFieldOptions<
    Record<string, DictItemValue<TItem>>
  >,
> extends DictField<TItem, TOptions> {
  override readonly fieldType: string = 'MapField';

  constructor(field: TItem, options?: TOptions) {
    if (!(field instanceof BaseField))
      throw new TypeError(
        'MapField needs a field instance for its values, e.g. new MapField(new IntField()).',
      );
    super(field, options);
  }
}
