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
  LOADS_BOUND,
  TrackedList,
  isTracked,
  listItems,
  rebindTracked,
  type AttachItem,
  type FieldContext,
} from './tracked.js';

/** Options of {@link ListField}. */
export interface ListFieldOptions<TItem = unknown> extends BaseFieldOptions<TItem[], TItem> {
  /** Most items allowed. */
  readonly maxLength?: number;
}

/** Operators whose value is a list of items. */
const ITEM_LIST_OPS = new Set(['in', 'nin', 'all']);

function childPath(path: string, i: number | string): string {
  return path === '' ? String(i) : `${path}.${i}`;
}

/**
 * A list of values of one field type, held in a tracked array: `push`, `splice`, `sort`… mark the
 * list as changed, `list[3] = x` marks `list.3`. Defaults to `[]`; `required` means non-empty.
 * Querying with a single item matches documents whose list contains it.
 *
 * @example
 * const tags = new ListField(new StringField({ maxLength: 20 }), { maxLength: 10 });
 * // Post.objects({ tags: 'news' }) → { tags: 'news' }; ({ tags__all: ['a', 'b'] }) → { tags: { $all: ['a', 'b'] } }
 */
export class ListField<
  const TItem extends AnyField,
  const TOptions extends ListFieldOptions<FieldValue<TItem>> = ListFieldOptions<FieldValue<TItem>>,
> extends BaseField<FieldValue<TItem>[], TOptions, FieldInput<TItem>[]> {
  declare readonly __implicitDefault: true;
  readonly fieldType: string = 'ListField';
  /** The field of each item. */
  readonly field: TItem;

  constructor(field: TItem, options?: TOptions) {
    super(options);
    if (!(field instanceof BaseField))
      throw new TypeError(
        'ListField needs a field instance for its items, e.g. new ListField(new StringField()).',
      );
    this.field = field;
  }

  override bind(name: string, ownerName: string): this {
    const bound = super.bind(name, ownerName);
    if (bound.field.name === '' || bound.field.name === name) bound.field.bind(name, ownerName);
    return bound;
  }

  override get hasDefault(): boolean {
    return true;
  }

  override getDefault(): FieldValue<TItem>[] {
    return super.getDefault() ?? [];
  }

  override isEmpty(value: unknown): boolean {
    return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
  }

  /** Binds one item: casts it, then lets the item field attach it at `list.<i>`. */
  protected readonly attachItem: AttachItem = (value, ctx) => this.field.attach(this.field.cast(value), ctx);

  override cast(value: unknown): unknown {
    if (!Array.isArray(value) || isTracked(value)) return value;
    return value.map((v) => this.field.cast(v));
  }

  override attach(value: unknown, ctx: FieldContext): unknown {
    if (rebindTracked(value, ctx)) return value;
    if (!Array.isArray(value)) return value;
    return this.wrap(value, ctx);
  }

  /** Wraps items in this field's tracked list class (`bound`: see {@link TrackedList.create}). */
  protected wrap(items: unknown[], ctx: FieldContext, bound = false): unknown[] {
    return TrackedList.create(items, ctx, this.attachItem, bound);
  }

  private loadsBoundCache: boolean | undefined;

  /**
   * Whether an item's `toJs(raw, ctx)` is already `attach(cast(item), ctx)`: true when the item
   * field's `cast` and `attach` are the identity defaults, or when its class vouches for it
   * ({@link LOADS_BOUND}, e.g. embedded documents, which `toJs` builds with their parent set).
   */
  private itemsLoadBound(): boolean {
    if (this.loadsBoundCache === undefined) {
      const f = this.field as AnyField & { [LOADS_BOUND]?: AnyField };
      const base = BaseField.prototype as AnyField;
      const vouch = f[LOADS_BOUND];
      this.loadsBoundCache =
        (f.cast === base.cast && f.attach === base.attach) ||
        (vouch !== undefined && f.cast === vouch.cast && f.attach === vouch.attach && f.toJs === vouch.toJs);
    }
    return this.loadsBoundCache;
  }

  override toMongo(value: unknown): unknown {
    if (!Array.isArray(value)) return value;
    const items = listItems(value as unknown[]);
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const v: unknown = items[i];
      out.push(v === undefined ? null : this.field.toMongo(v));
    }
    return out;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    if (!Array.isArray(raw)) return raw;
    const items = raw.map((r: unknown, i) =>
      this.field.toJs(r, { sink: ctx.sink, path: childPath(ctx.path, i) }),
    );
    return this.wrap(items, ctx, this.itemsLoadBound());
  }

  override validate(value: unknown, path: string): ValidationIssue[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
      return [this.issue(path, 'type', `${this.fieldType} only accepts list values`)];
    const issues: ValidationIssue[] = [];
    const items = listItems(value as unknown[]);
    const max = this.options.maxLength;
    if (max !== undefined && items.length > max) {
      issues.push(this.issue(path, 'max_length', `List is too long (${items.length} > ${max} items)`));
    }
    const choices = this.choiceValues;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      const itemPath = childPath(path, i);
      if (choices && item !== undefined && item !== null && !choices.some((c) => c === item)) {
        issues.push(
          this.issue(itemPath, 'choices', `Value must be one of ${choices.map(String).join(', ')}`),
        );
      }
      const found = this.field.validate(item, itemPath);
      if (found.length > 0) issues.push(...found);
    }
    if (issues.length === 0 && this.options.validation) {
      try {
        const r = this.options.validation(value as FieldValue<TItem>[]);
        if (r === false || typeof r === 'string')
          issues.push(this.issue(path, 'validation', r || 'Value failed validation'));
      } catch (error) {
        issues.push(this.issue(path, 'validation', error instanceof Error ? error.message : String(error)));
      }
    }
    return issues;
  }

  protected override validateValue(): ValidationIssue[] {
    return [];
  }

  override prepareQueryValue(op: string | undefined, value: unknown): unknown {
    if (op === 'size' || op === 'exists') return super.prepareQueryValue(op, value);
    if (op === 'elemMatch') {
      // The query compiler builds $elemMatch from a sub-query it resolved against the item field.
      if (!isPlainObject(value)) throw this.queryError(op, value, 'a sub-query object');
      return value;
    }
    if (op !== undefined && ITEM_LIST_OPS.has(op)) {
      if (!Array.isArray(value)) throw this.queryError(op, value, 'a list of values');
      return value.map((v) => this.field.prepareQueryValue(undefined, v));
    }
    if (Array.isArray(value)) {
      // A whole-list comparison (`tags: ['a', 'b']` matches that exact list).
      return value.map((v) => this.field.prepareQueryValue(undefined, v));
    }
    return this.field.prepareQueryValue(op, value);
  }

  override lookupMember(name: string): AnyField | undefined {
    if (/^\d+$/.test(name) || name === '$' || name === 'S') return this.field;
    return this.field.lookupMember(name);
  }
}

/** Options of {@link SortedListField}. */
export interface SortedListFieldOptions<TItem = unknown> extends ListFieldOptions<TItem> {
  /** Attribute of each item to sort by (for embedded documents and objects). */
  readonly ordering?: string;
  /** Sort in descending order. */
  readonly reverse?: boolean;
}

/**
 * A {@link ListField} kept sorted in the database: it is sorted (by `ordering`, optionally
 * `reverse`) every time it is written, so the whole list is sent on change.
 *
 * @example
 * const scores = new SortedListField(new IntField(), { reverse: true });
 */
export class SortedListField<
  const TItem extends AnyField,
  const TOptions extends SortedListFieldOptions<FieldValue<TItem>> = SortedListFieldOptions<
    FieldValue<TItem>
  >,
> extends ListField<TItem, TOptions> {
  override readonly fieldType: string = 'SortedListField';

  override toMongo(value: unknown): unknown {
    if (!Array.isArray(value)) return value;
    const key = this.options.ordering;
    const pick = (v: unknown): unknown =>
      key !== undefined && v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : v;
    const sorted = [...(value as unknown[])].sort((a, b) => compareLoose(pick(a), pick(b)));
    if (this.options.reverse) sorted.reverse();
    return super.toMongo(sorted);
  }
}

/** Orders numbers, bigints, strings and dates naturally; undefined/null first. */
export function compareLoose(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
