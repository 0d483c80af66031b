/**
 * Types of `selectRelated`: the reference paths of a document type ({@link RefPath}) and the
 * document type once those paths are loaded ({@link WithRelated}), where each loaded `Ref<X>`
 * becomes `X`. They live in the document layer so `Document.selectRelated()` can name them; a
 * reference is recognised by its shape (see {@link RefLike}) because this layer cannot import
 * the references layer, which sits above it.
 */
import type { EmbeddedDocumentList } from '../fields/embedded-document-list.js';
import type { BaseDocument } from './base-document.js';

/**
 * The shape of a `Ref<X>` (and of a lazy passthrough `Ref<X> & …`): what `WithRelated` replaces.
 * Documents have neither `isLoaded` nor `targetClass`, so they never match.
 */
export interface RefLike<X = unknown> {
  /** Whether the target has been loaded. */
  readonly isLoaded: boolean;
  /** The class the reference points to. */
  readonly targetClass: unknown;
  /** The target (throws when it is not loaded). */
  readonly value: X;
  /** Loads the target. */
  fetch(...args: never[]): Promise<unknown>;
}

/** The target type of a `Ref<X>`. */
export type RefTargetOf<V> = V extends RefLike<infer X> ? X : never;

/** The second argument form of `selectRelated`: every reference down to `depth` hops. */
export interface SelectRelatedDepth {
  /** How many reference hops to load (1: only the document's own references). */
  readonly depth: number;
}

/** Remaining steps of a path walk (bounds the recursion through cyclic references). */
type Prev = [never, 0, 1, 2, 3];

/** Attribute names worth walking: string keys, not the id. */
type WalkKeys<T> = Exclude<keyof T & string, 'pk' | 'id'>;

/** Paths reached from one attribute value `V` named `K` (lists are looked through). */
type PathsOfValue<V, K extends string, D extends number> = V extends readonly (infer E)[]
  ? PathsOfItem<NonNullable<E>, K, D>
  : PathsOfItem<V, K, D>;

type PathsOfItem<V, K extends string, D extends number> =
  V extends RefLike<infer X>
    ? K | `${K}.${DottedRefPaths<X, Prev[D]>}`
    : V extends BaseDocument
      ? `${K}.${DottedRefPaths<V, Prev[D]>}`
      : never;

/** Reference paths with `.` separators, at most `D` steps deep. */
type DottedRefPaths<T, D extends number> = [D] extends [never]
  ? never
  : { [K in WalkKeys<T>]-?: PathsOfValue<NonNullable<T[K]>, K, D> }[WalkKeys<T>];

/** `'a.b.c'` → `'a__b__c'`. */
type Underscored<P extends string> = P extends `${infer A}.${infer B}` ? `${A}__${Underscored<B>}` : P;

/**
 * The paths `selectRelated` accepts on documents of type `T`: every attribute that holds a
 * reference (or a list of them), and the same through embedded documents, lists of them and
 * loaded references (`'comments.author'`, `'author.boss'`), with `.` or `__` separators, up to
 * four steps deep. A typo is a compile error.
 *
 * @example
 * type P = RefPath<Post>; // 'author' | 'tagged' | 'comments.author' | 'author.boss' | 'comments__author' | …
 */
export type RefPath<T> = DottedRefPaths<T, 4> extends infer P extends string ? P | Underscored<P> : never;

/** Splits `'a.b'` / `'a__b'` into its head and rest. */
type Split<P extends string> = P extends `${infer H}.${infer R}`
  ? H extends `${infer H2}__${infer R2}`
    ? [H2, `${R2}.${R}`]
    : [H, R]
  : P extends `${infer H}__${infer R}`
    ? [H, R]
    : [P, never];

/** The first segment of each path. */
type Heads<P extends string> = P extends string ? Split<P>[0] : never;

/** The rest of the paths starting with `K` (`never` when `K` itself is a whole path only). */
type Tails<P extends string, K extends string> = P extends string
  ? Split<P> extends [K, infer R]
    ? R
    : never
  : never;

/** One attribute value once the paths `R` below it are loaded (`R` never: the value itself is). */
type LoadedValue<V, R extends string> = V extends null | undefined
  ? V
  : V extends RefLike<infer X>
    ? WithRelated<X, R>
    : V extends readonly unknown[]
      ? LoadedList<V, R>
      : V extends BaseDocument
        ? WithRelated<V, R>
        : V;

/** A list keeps its class (an embedded-document list stays one) with its items loaded. */
type LoadedList<V extends readonly unknown[], R extends string> =
  V extends EmbeddedDocumentList<infer E>
    ? EmbeddedDocumentList<LoadedValue<E, R>>
    : V extends readonly (infer E)[]
      ? LoadedValue<E, R>[]
      : V;

/**
 * `T` once the reference paths `P` are loaded by `selectRelated`: each `Ref<X>` on a path is
 * `X` (a list of references is a list of `X`), through embedded documents, lists and loaded
 * references; every other attribute keeps its type. `WithRelated<T, never>` is `T`.
 *
 * @example
 * type Loaded = WithRelated<Post, 'author' | 'comments.author'>;
 * declare const post: Loaded;
 * post.author.name; // string — a User, not a Ref<User>
 */
export type WithRelated<T, P extends string> = [P] extends [never]
  ? T
  : {
      [K in keyof T]: K extends Heads<P> ? LoadedValue<T[K], Tails<P, K & string>> : T[K];
    };
