import { ObjectId } from 'mongodb';
import { OperationError } from '../errors/operation-error.js';
import { DoesNotExist, MultipleObjectsReturned } from '../errors/usage-errors.js';
import type { BaseFieldOptions } from './base-field.js';
import { EmbeddedDocumentField, type EmbeddedInstanceOf } from './embedded-document-field.js';
import type { EmbeddedClass } from './embedded-protocol.js';
import { ListField, type ListFieldOptions } from './list-field.js';
import { TrackedList, trackedContext, type FieldContext } from './tracked.js';

/** Attribute equality criteria for {@link EmbeddedDocumentList} lookups. */
export type EmbeddedCriteria<T> = { readonly [K in keyof T]?: unknown };

const ORIGIN = Symbol('mongoengine.embeddedListOrigin');
const ITEM_CLASS = Symbol('mongoengine.embeddedListClass');

function sameAttr(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof ObjectId && b instanceof ObjectId) return a.equals(b);
  // MongoEngine also matches on the string form (e.g. an ObjectId against its hex string).
  return a !== null && b !== null && a !== undefined && b !== undefined && String(a) === String(b);
}

function matches<T>(item: T, criteria: EmbeddedCriteria<T>): boolean {
  return Object.entries(criteria).every(([k, v]) => sameAttr((item as Record<string, unknown>)[k], v));
}

/**
 * The value of an {@link EmbeddedDocumentListField}: a tracked array of embedded documents with
 * MongoEngine's helpers. `filter`/`exclude` with criteria return a list whose `delete()` and
 * `update()` act on the original list; with a callback they are the ordinary array methods.
 *
 * @example
 * post.comments.filter({ text: 'spam' }).update({ likes: 0 });
 * const c = post.comments.create({ text: 'hi' }); // appended, not yet saved
 * await post.comments.save(); // saves the owning document
 */
export class EmbeddedDocumentList<T> extends TrackedList<T> {
  /** The ordinary array `filter` with a type guard; returns a plain array. */
  override filter<S extends T>(
    predicate: (value: T, index: number, array: T[]) => value is S,
    thisArg?: any,
  ): S[];
  /** The ordinary array `filter`; returns a plain array. */
  override filter(predicate: (value: T, index: number, array: T[]) => unknown, thisArg?: any): T[];
  /** Items whose fields equal every criterion; `delete()`/`update()` on the result act on this list. */
  override filter(criteria: EmbeddedCriteria<T>): EmbeddedDocumentList<T>;
  override filter(arg: unknown, thisArg?: unknown): unknown {
    if (typeof arg === 'function') return Array.prototype.filter.call(this, arg as never, thisArg);
    return this.view([...this].filter((item) => matches(item, arg as EmbeddedCriteria<T>)));
  }

  /** Items not matching every criterion. */
  exclude(criteria: EmbeddedCriteria<T>): EmbeddedDocumentList<T> {
    return this.view([...this].filter((item) => !matches(item, criteria)));
  }

  /** Number of items. */
  count(): number {
    return this.length;
  }

  /** The one item matching the criteria; throws DoesNotExist / MultipleObjectsReturned. */
  get(criteria: EmbeddedCriteria<T>): T {
    const found = [...this].filter((item) => matches(item, criteria));
    if (found.length === 0)
      throw new DoesNotExist(`No embedded document matches ${JSON.stringify(criteria)}.`);
    if (found.length > 1)
      throw new MultipleObjectsReturned(
        `${found.length} embedded documents match ${JSON.stringify(criteria)}.`,
      );
    return found[0]!;
  }

  /** The first item, or undefined. */
  first(): T | undefined {
    return this[0];
  }

  /** Builds an item from `values`, appends it (marking the list changed) and returns it; not saved. */
  create(values: Record<string, unknown> = {}): T {
    const cls = (this.origin() as unknown as Record<symbol, { documentType: EmbeddedClass } | undefined>)[
      ITEM_CLASS
    ]?.documentType;
    if (!cls)
      throw new OperationError(
        'This list does not know its embedded document class; build the item yourself and push it.',
      );
    const item = new cls(values) as T;
    this.origin().push(item);
    return this.origin()[this.origin().length - 1]!;
  }

  /** Saves the document owning the list. */
  async save(...args: unknown[]): Promise<unknown> {
    const sink = trackedContext(this.origin())?.sink as
      { save?: (...a: unknown[]) => Promise<unknown> } | undefined;
    if (!sink || typeof sink.save !== 'function') {
      throw new OperationError(
        'This embedded document list is not attached to a document; assign it to one before saving.',
      );
    }
    return sink.save(...args);
  }

  /** Removes these items (from the original list, for a filtered list); returns how many. */
  delete(): number {
    const origin = this.origin();
    const doomed = new Set<T>(this);
    const kept = [...origin].filter((item) => !doomed.has(item));
    const removed = origin.length - kept.length;
    if (removed > 0) origin.splice(0, origin.length, ...kept);
    return removed;
  }

  /** Sets attributes on every item; returns how many items were updated. */
  update(values: EmbeddedCriteria<T>): number {
    for (const item of this) Object.assign(item as object, values);
    return this.length;
  }

  private origin(): EmbeddedDocumentList<T> {
    return (
      ((this as unknown as Record<symbol, unknown>)[ORIGIN] as EmbeddedDocumentList<T> | undefined) ?? this
    );
  }

  private view(items: T[]): EmbeddedDocumentList<T> {
    const list = EmbeddedDocumentList.create<T, EmbeddedDocumentList<T>>(items, { path: '' });
    Object.defineProperty(list, ORIGIN, { value: this.origin(), enumerable: false });
    return list;
  }
}

/**
 * A list of embedded documents of one class, held in an {@link EmbeddedDocumentList}.
 *
 * @example
 * const comments = new EmbeddedDocumentListField(Comment, { maxLength: 100 });
 */
export class EmbeddedDocumentListField<
  const C extends EmbeddedClass<any>,
  const TOptions extends ListFieldOptions<EmbeddedInstanceOf<C>> = ListFieldOptions<EmbeddedInstanceOf<C>>,
> extends ListField<EmbeddedDocumentField<C>, TOptions> {
  declare readonly __value: EmbeddedDocumentList<EmbeddedInstanceOf<C>>;
  override readonly fieldType: string = 'EmbeddedDocumentListField';

  constructor(
    documentType: C | (() => C) | string,
    options?: TOptions & BaseFieldOptions<EmbeddedInstanceOf<C>[]>,
  ) {
    super(new EmbeddedDocumentField<C>(documentType), options);
  }

  protected override wrap(items: unknown[], ctx: FieldContext, bound = false): unknown[] {
    const list = EmbeddedDocumentList.create(items, ctx, this.attachItem, bound);
    // The field, not a getter closure per list; `create()` resolves its class on use.
    Object.defineProperty(list, ITEM_CLASS, { value: this.field, enumerable: false });
    return list;
  }
}
