/**
 * `Ref<T>`: what a loaded reference field holds — the target's id, and the target itself once
 * fetched (or when the reference was made from a document instance).
 */
import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo } from '../document/class-info.js';

/** The id type of a document instance (its `pk` without `undefined`). */
export type RefId<T> = T extends {
  /** The target's primary key. */
  readonly pk: infer P;
}
  ? Exclude<P, undefined | null>
  : unknown;

/** Options of {@link Ref.fetch}. */
export interface FetchOptions {
  /** Query the database even when the target is already cached on this `Ref`. */
  readonly force?: boolean;
  /**
   * What a missing target gives: `'throw'` (default) raises the target's `DoesNotExist`;
   * `'marker'` resolves to a {@link DanglingReference} instead.
   */
  readonly missing?: 'throw' | 'marker';
}

/**
 * What `ref.fetch({ missing: 'marker' })` resolves to when the target no longer exists
 * (MongoEngine hands back the bare DBRef there): the target class and the id that was stored.
 *
 * @example
 * const author = await post.author.fetch({ missing: 'marker' });
 * if (author instanceof DanglingReference) console.log(`user ${String(author.id)} was deleted`);
 */
export class DanglingReference<T = unknown> {
  /** Type-only: the class of the missing target's instances. */
  declare readonly __target: T;

  constructor(
    /** The class the reference points to. */
    readonly targetClass: AnyDocumentClass,
    /** The stored id, which matches no document. */
    readonly id: RefId<T>,
  ) {}

  /** The target class's name, for messages. */
  get className(): string {
    return classInfo(this.targetClass).className;
  }

  /** `DanglingReference(<ClassName>, <id>)`. */
  toString(): string {
    return `DanglingReference(${this.className}, ${String(this.id)})`;
  }
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
  #dangling = false;

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
   * const post = await Post.objects().first();
   * await post!.author!.fetch();
   * post!.author!.value.name; // no query: loaded by fetch() or selectRelated
   */
  get value(): T {
    if (this.#doc === undefined) {
      if (this.#dangling) throw this.#doesNotExist();
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
   * True when the target was looked for (by `fetch` or `selectRelated`) and no document has
   * this id. `value` then throws the target's `DoesNotExist`.
   *
   * @example
   * await Post.objects().selectRelated('author').toArray(); post.author.dangling; // true when the user is gone
   */
  get dangling(): boolean {
    return this.#dangling;
  }

  /**
   * Loads the target (cached on this `Ref`; `{ force: true }` queries again). A dangling
   * reference is looked up again (the target may exist by now).
   *
   * @throws the target class's `DoesNotExist` when no document has this id (unless
   *   `{ missing: 'marker' }`, which resolves to a {@link DanglingReference}).
   * @example
   * const author = await post.author!.fetch();
   * const maybe = await post.author!.fetch({ missing: 'marker' }); // User | DanglingReference<User>
   */
  fetch(options: FetchOptions & { readonly missing: 'marker' }): Promise<T | DanglingReference<T>>;
  fetch(options?: FetchOptions & { readonly missing?: 'throw' | undefined }): Promise<T>;
  async fetch(options: FetchOptions = {}): Promise<T | DanglingReference<T>> {
    if (this.#doc !== undefined && options.force !== true) return this.#doc;
    const cls = this.#target() as unknown as LoadableClass;
    const id = this.id;
    const found = (await cls.objects({ pk: id }).first()) as T | null | undefined;
    if (found === null || found === undefined) {
      this.#dangling = true;
      this.#doc = undefined;
      if (options.missing === 'marker') return new DanglingReference<T>(this.#target(), id);
      throw this.#doesNotExist();
    }
    this.#doc = found;
    this.#dangling = false;
    this.#id = (found as { pk?: unknown }).pk;
    return found;
  }

  #doesNotExist(): Error {
    const cls = this.#target() as unknown as LoadableClass;
    const name = classInfo(this.#target()).className;
    return new cls.DoesNotExist(`${name} matching the reference ${String(this.id)} does not exist.`);
  }

  /** Records that the target is missing (used by {@link markDangling}). @internal */
  _markDangling(): void {
    if (this.#doc === undefined) this.#dangling = true;
  }

  /** Installs a loaded target (used by the batch loader). @internal */
  _resolve(doc: T): void {
    this.#doc = doc;
    this.#dangling = false;
  }

  /** True when `other` refers to the same class and id. */
  equals(other: unknown): boolean {
    if (!(other instanceof Ref)) return false;
    return sameId(this.id, other.id);
  }

  /** `JSON.stringify` writes the target's id, whether or not the target is loaded. */
  toJSON(): unknown {
    return this.id;
  }
}

/**
 * Marks a `Ref` whose target was looked for and not found (the batch loader calls it), so
 * `ref.dangling` is true and `ref.value` throws the target's `DoesNotExist`. A loaded `Ref` is
 * left alone.
 *
 * @example
 * markDangling(post.author); post.author.dangling; // true
 */
export function markDangling(ref: Ref<unknown>): void {
  ref._markDangling();
}

/** Id equality that understands ObjectId-like values (`equals`). */
export function sameId(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  if (typeof eq === 'function') return eq.call(a, b);
  return false;
}
