/**
 * `Ref<T>`: what a loaded reference field holds — the target's id, and the target itself once
 * fetched (or when the reference was made from a document instance).
 */
import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo } from '../document/class-info.js';

/** The id type of a document instance (its `pk` without `undefined`). */
export type RefId<T> = T extends { readonly pk: infer P } ? Exclude<P, undefined | null> : unknown;

/** Options of {@link Ref.fetch}. */
export interface FetchOptions {
  /** Query the database even when the target is already cached on this `Ref`. */
  readonly force?: boolean;
}

/** The minimal class surface a `Ref` needs to load its target. */
interface LoadableClass {
  objects(query: Record<string, unknown>): { first(): Promise<unknown> };
  readonly DoesNotExist: new (message: string) => Error;
}

/**
 * A reference to a document of class `T`: `.id` / `.pk` are always available, `await fetch()`
 * loads the target (once; `fetch({ force: true })` reloads), `.value` is the target when it is
 * already loaded (by `fetch`, `selectRelated`, or because the reference was assigned a document).
 *
 * @example
 * const post = await Post.objects().first();
 * post!.author?.id; // ObjectId('…')
 * const author = await post!.author!.fetch(); // User; throws User.DoesNotExist when gone
 */
export class Ref<T> {
  readonly #target: () => AnyDocumentClass;
  #id: unknown;
  #doc: T | undefined;

  /** Prefer the reference field's `cast` or {@link Ref.of}; `target` is a thunk so classes may be declared later. */
  constructor(target: () => AnyDocumentClass, id: unknown, doc?: T) {
    this.#target = target;
    this.#id = id;
    this.#doc = doc;
  }

  /**
   * A `Ref` to a document instance (its id is read when needed, so it may be saved later).
   *
   * @example
   * const ref = Ref.of(user); ref.value === user; // true
   */
  static of<D extends object>(doc: D): Ref<D> {
    const cls = doc.constructor as AnyDocumentClass;
    return new Ref<D>(() => cls, undefined, doc);
  }

  /** The target class. */
  get targetClass(): AnyDocumentClass {
    return this.#target();
  }

  /** The target's id (undefined only while it refers to a document that is not saved yet). */
  get id(): RefId<T> {
    if (this.#id === undefined && this.#doc !== undefined) {
      return (this.#doc as { pk?: unknown }).pk as RefId<T>;
    }
    return this.#id as RefId<T>;
  }

  /** Alias of {@link id}. */
  get pk(): RefId<T> {
    return this.id;
  }

  /** True when the target is loaded (so {@link value} does not throw). */
  get isLoaded(): boolean {
    return this.#doc !== undefined;
  }

  /**
   * The target, when loaded; otherwise throws (use `await fetch()`).
   *
   * @example
   * const post = await Post.objects().selectRelated('author').first();
   * post!.author!.value.name; // no query
   */
  get value(): T {
    if (this.#doc === undefined) {
      const name = classInfo(this.#target()).className;
      throw new Error(
        `The ${name} reference ${String(this.id)} is not loaded: await ref.fetch() or use selectRelated().`,
      );
    }
    return this.#doc;
  }

  /** Same as {@link value}. */
  get(): T {
    return this.value;
  }

  /**
   * Loads the target (cached on this `Ref`; `{ force: true }` queries again).
   *
   * @throws the target class's `DoesNotExist` when no document has this id.
   * @example
   * const author = await post.author!.fetch();
   */
  async fetch(options: FetchOptions = {}): Promise<T> {
    if (this.#doc !== undefined && options.force !== true) return this.#doc;
    const cls = this.#target() as unknown as LoadableClass;
    const id = this.id;
    const found = (await cls.objects({ pk: id }).first()) as T | null | undefined;
    if (found === null || found === undefined) {
      const name = classInfo(this.#target()).className;
      throw new cls.DoesNotExist(`${name} matching the reference ${String(id)} does not exist.`);
    }
    this.#doc = found;
    this.#id = (found as { pk?: unknown }).pk;
    return found;
  }

  /** Installs a loaded target (used by the batch loader). @internal */
  _resolve(doc: T): void {
    this.#doc = doc;
  }

  /** True when `other` refers to the same class and id. */
  equals(other: unknown): boolean {
    if (!(other instanceof Ref)) return false;
    return sameId(this.id, other.id);
  }

  toJSON(): unknown {
    return this.id;
  }
}

/** Id equality that understands ObjectId-like values (`equals`). */
export function sameId(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  if (typeof eq === 'function') return eq.call(a, b);
  return false;
}
