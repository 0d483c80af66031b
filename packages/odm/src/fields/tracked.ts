/**
 * Tracked containers: lists and dicts that tell their owning document which db path changed.
 *
 * A document implements {@link ChangeSink}; list and dict fields wrap their values with
 * {@link TrackedList.create} / {@link TrackedDict.create}. Whole-list mutations (push, splice,
 * sort…) mark the list's own path, as MongoEngine does; `list[3] = x` marks `list.3`; a dict
 * marks `dict.key` for a set or delete. Nested tracked values (and embedded documents, through
 * `attachItem`) are re-bound to `list.<index>` after every mutation, so their paths stay right
 * when items shift.
 */

/** Receives the dotted db path of every change. Implemented by documents. */
export interface ChangeSink {
  markChanged(dbPath: string): void;
}

/** Where a value lives: the sink to report to and its dotted db path (e.g. `comments.2.body`). */
export interface FieldContext {
  sink?: ChangeSink | undefined;
  path: string;
}

/** Binds a child value to its context (wraps plain arrays, re-points tracked ones, sets an embedded doc's parent). */
export type AttachItem = (value: unknown, ctx: FieldContext) => unknown;

interface TrackedState {
  sink: ChangeSink | undefined;
  path: string;
  attachItem: AttachItem | undefined;
}

const STATE = Symbol('mongoengine.tracked');

const LIST_MUTATORS = new Set<PropertyKey>([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
]);

function isIndexKey(key: PropertyKey): boolean {
  if (typeof key !== 'string' || key === '') return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && String(n) === key;
}

function childPath(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function mark(state: TrackedState, path: string): void {
  state.sink?.markChanged(path);
}

/**
 * An array that reports its mutations to a {@link ChangeSink}. Instances are always created
 * through {@link TrackedList.create} (a Proxy over a `TrackedList`), so `instanceof TrackedList`
 * and `Array.isArray` both hold; derived arrays (`map`, `filter`, `slice`) are plain arrays.
 *
 * @example
 * const tags = TrackedList.create(['a'], { sink: doc, path: 'tags' });
 * tags.push('b');   // doc.markChanged('tags')
 * tags[0] = 'z';    // doc.markChanged('tags.0')
 */
export class TrackedList<T> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Wraps `items` (copied) in a tracked list bound to `ctx`; `attachItem` binds each item to `path.<i>`. */
  static create<T, L extends TrackedList<T> = TrackedList<T>>(
    this: new () => L,
    items: Iterable<T>,
    ctx: FieldContext,
    attachItem?: AttachItem,
  ): L {
    const target = new this();
    for (const item of items) Array.prototype.push.call(target, item);
    const state: TrackedState = { sink: ctx.sink, path: ctx.path, attachItem };
    // Created on the first mutator call: most lists are only read, and an empty Map per list
    // was a measurable share of a loaded document's heap (bench/odm).
    let methods: Map<PropertyKey, (...args: unknown[]) => unknown> | undefined;
    const rebindChildren = (from = 0): void => {
      if (!state.attachItem) return;
      for (let i = from; i < target.length; i++) {
        if (i in target)
          target[i] = state.attachItem(target[i], { sink: state.sink, path: childPath(state.path, i) }) as T;
      }
    };
    const proxy: L = new Proxy(target, {
      get(t, key, receiver) {
        if (key === STATE) return { state, rebind: rebindChildren };
        if (LIST_MUTATORS.has(key)) {
          let fn = methods?.get(key);
          if (!fn) {
            const native = (Array.prototype as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[
              key
            ]!;
            fn = (...args: unknown[]) => {
              const before = t.length;
              const result = native.apply(t, args);
              // push and pop leave existing items at their index: only new items need binding.
              if (key === 'push') rebindChildren(before);
              else if (key !== 'pop') rebindChildren();
              mark(state, state.path);
              return result === t ? proxy : result;
            };
            (methods ??= new Map()).set(key, fn);
          }
          return fn;
        }
        return Reflect.get(t, key, receiver);
      },
      set(t, key, value, receiver) {
        if (isIndexKey(key)) {
          const path = childPath(state.path, key as string);
          const bound = state.attachItem ? state.attachItem(value, { sink: state.sink, path }) : value;
          const ok = Reflect.set(t, key, bound);
          mark(state, path);
          return ok;
        }
        if (key === 'length') {
          const ok = Reflect.set(t, key, value);
          mark(state, state.path);
          return ok;
        }
        return Reflect.set(t, key, value, receiver);
      },
      deleteProperty(t, key) {
        const ok = Reflect.deleteProperty(t, key);
        // A hole shifts nothing in JS but is stored as null; mark the list as a whole, as MongoEngine does.
        if (isIndexKey(key)) mark(state, state.path);
        return ok;
      },
    });
    rebindChildren();
    return proxy;
  }
}

/**
 * A plain object that reports key sets and deletes to a {@link ChangeSink} as `path.key`.
 *
 * @example
 * const meta = TrackedDict.create({ a: 1 }, { sink: doc, path: 'meta' });
 * meta['b'] = 2;     // doc.markChanged('meta.b')
 * delete meta['a'];  // doc.markChanged('meta.a')
 */
export const TrackedDict = {
  /** Wraps a copy of `entries` bound to `ctx`; `attachItem` binds each value to `path.<key>`. */
  create<T>(entries: Record<string, T>, ctx: FieldContext, attachItem?: AttachItem): Record<string, T> {
    const target: Record<string, T> = {};
    Object.assign(target, entries);
    const state: TrackedState = { sink: ctx.sink, path: ctx.path, attachItem };
    const rebindChildren = (): void => {
      if (!state.attachItem) return;
      for (const key of Object.keys(target)) {
        target[key] = state.attachItem(target[key], {
          sink: state.sink,
          path: childPath(state.path, key),
        }) as T;
      }
    };
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        if (key === STATE) return { state, rebind: rebindChildren };
        return Reflect.get(t, key, receiver);
      },
      set(t, key, value, receiver) {
        if (typeof key !== 'string') return Reflect.set(t, key, value, receiver);
        const path = childPath(state.path, key);
        const bound = state.attachItem ? state.attachItem(value, { sink: state.sink, path }) : value;
        const ok = Reflect.set(t, key, bound);
        mark(state, path);
        return ok;
      },
      deleteProperty(t, key) {
        const had = Object.prototype.hasOwnProperty.call(t, key);
        const ok = Reflect.deleteProperty(t, key);
        if (had && typeof key === 'string') mark(state, childPath(state.path, key));
        return ok;
      },
    });
    rebindChildren();
    return proxy;
  },

  /** True for a value made by {@link TrackedDict.create}. */
  is(value: unknown): value is Record<string, unknown> {
    return isTracked(value) && !Array.isArray(value);
  },
} as const;

/**
 * True for a value made by {@link TrackedList.create} or {@link TrackedDict.create}.
 *
 * @example
 * isTracked(doc.tags); // true
 */
export function isTracked(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as Record<PropertyKey, unknown>)[STATE] !== undefined
  );
}

/**
 * The sink and path a tracked value reports to, or undefined for an untracked value.
 *
 * @example
 * trackedContext(doc.tags); // { sink: doc, path: 'tags' }
 */
export function trackedContext(value: unknown): FieldContext | undefined {
  if (!isTracked(value)) return undefined;
  const { state } = (value as Record<PropertyKey, unknown>)[STATE] as { state: TrackedState };
  return { sink: state.sink, path: state.path };
}

/**
 * Re-points a tracked value (and its tracked children) at a new sink and path, in place.
 * Returns false when `value` is not tracked.
 *
 * @example
 * rebindTracked(user.tags, { sink: undefined, path: 'tags' }); // true for a tracked list
 */
export function rebindTracked(value: unknown, ctx: FieldContext): boolean {
  if (!isTracked(value)) return false;
  const handle = (value as Record<PropertyKey, unknown>)[STATE] as { state: TrackedState; rebind(): void };
  handle.state.sink = ctx.sink;
  handle.state.path = ctx.path;
  handle.rebind();
  return true;
}
