/**
 * Which reference attributes hold loaded documents instead of `Ref`s. `selectRelated` marks the
 * attributes it fills (per owning document or embedded document, by db field), and the reference
 * fields' `attach` consults the mark: assigning a document or a loaded `Ref` to a marked attribute
 * — or to an item of a marked list, including the re-binding a list does after `push` or `sort`
 * — keeps the document, so the value keeps matching its `WithRelated` type.
 */
import type { FieldContext } from '../fields/tracked.js';
import { Ref, type RefId } from './ref.js';

const loaded = new WeakMap<object, Set<string>>();

/**
 * Records that `owner`'s attribute stored at `dbField` holds loaded documents.
 *
 * @example
 * markLoaded(post, 'author');
 */
export function markLoaded(owner: object, dbField: string): void {
  let set = loaded.get(owner);
  if (set === undefined) {
    set = new Set();
    loaded.set(owner, set);
  }
  set.add(dbField);
}

/** `'tagged.3'` → `'tagged'`: the attribute a list item belongs to. */
function attributePath(path: string): string {
  return path.replace(/(\.\d+)+$/, '');
}

/**
 * What a reference field attaches at `ctx`: the document itself when the attribute was loaded by
 * `selectRelated` and the value is a loaded `Ref`, else the value unchanged.
 *
 * @example
 * keepLoaded(Ref.of(user), { sink: post, path: 'author' }); // user, once 'author' is marked
 */
export function keepLoaded(value: unknown, ctx: FieldContext): unknown {
  if (!(value instanceof Ref) || !value.isLoaded || ctx.sink === undefined) return value;
  const set = loaded.get(ctx.sink);
  return set !== undefined && set.has(attributePath(ctx.path)) ? value.value : value;
}

/**
 * True when a reference attribute's value is a `Ref` (not loaded into a document by
 * `selectRelated`). After `selectRelated` a target that no longer exists stays a `Ref`.
 *
 * @example
 * const post = await Post.objects().selectRelated('author').first();
 * isRef(post!.author) ? 'missing author' : post!.author.name;
 */
export function isRef(value: unknown): value is Ref<unknown> {
  return value instanceof Ref;
}

/**
 * The id a reference attribute points to, whether it holds a `Ref` or a loaded document.
 *
 * @example
 * refId(post.author); // ObjectId('…') — before or after selectRelated('author')
 */
export function refId<T>(value: Ref<T>): RefId<T>;
export function refId<
  T extends {
    /** The document's primary key. */
    readonly pk: unknown;
  },
>(value: T): RefId<T>;
export function refId<T>(value: Ref<T> | T | null | undefined): RefId<T> | null | undefined;
export function refId(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (value instanceof Ref) return value.id;
  return (value as { pk?: unknown }).pk;
}
