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
  /** Records that the value at `dbPath` (dotted, in db field names) changed. */
  markChanged(dbPath: string): void;
}

/** Where a value lives: the sink to report to and its dotted db path (e.g. `comments.2.body`). */
export interface FieldContext {
  /** Where changes are reported; `undefined` for a value not (yet) owned by a document. */
  sink?: ChangeSink | undefined;
  /** Dotted db path of the value inside its document. */
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

/** A tracked list target's state (set by {@link TrackedList.create}; assigned in its static block). */
let listStateOf: (t: object) => ListState;
let setListState: (t: object, state: ListState) => void;

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
  // Private, so invisible to `Object.keys`, `Reflect.ownKeys` and equality checks; read by the
  // shared Proxy handler on the target (through `listStateOf`).
  #listState: ListState | undefined;

  static {
    listStateOf = (t) => (t as TrackedList<unknown>).#listState!;
    setListState = (t, state) => {
      (t as TrackedList<unknown>).#listState = state;
    };
  }

  /** Derived arrays (`map`, `slice`, …) are plain, untracked arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /**
   * Wraps `items` (copied) in a tracked list bound to `ctx`; `attachItem` binds each item to
   * `path.<i>`. `bound` says the items already are what `attachItem` would make of them at their
   * index (a list field loading stored items whose conversion did the binding), so the initial
   * binding pass is skipped; later mutations rebind as usual.
   */
  static create<T, L extends TrackedList<T> = TrackedList<T>>(
    this: new () => L,
    items: Iterable<T>,
    ctx: FieldContext,
    attachItem?: AttachItem,
    bound = false,
  ): L {
    const target = new this();
    for (const item of items) Array.prototype.push.call(target, item);
    const state: ListState = {
      sink: ctx.sink,
      path: ctx.path,
      attachItem,
      target: target as unknown as unknown[],
      proxy: undefined as unknown as unknown[],
      methods: undefined,
      handle: undefined,
    };
    // One handler for every list: the per-list state is a private field of the target, so a list
    // costs its array, this state and the Proxy — no handler object or closures (bench/odm).
    setListState(target, state);
    const proxy = new Proxy(target, listHandler as ProxyHandler<L>);
    state.proxy = proxy as unknown as unknown[];
    if (!bound) rebindList(state);
    return proxy;
  }
}

interface ListState extends TrackedState {
  readonly target: unknown[];
  proxy: unknown[];
  /** Mutator wrappers, created on the first mutator call: most lists are only read. */
  methods: Map<PropertyKey, (...args: unknown[]) => unknown> | undefined;
  /** What `list[STATE]` returns, created on first use. */
  handle: { state: TrackedState; rebind(): void } | undefined;
}

/** Binds the items from index `from` on to `path.<i>` (after a mutation shifted them). */
function rebindList(state: ListState, from = 0): void {
  const attachItem = state.attachItem;
  if (!attachItem) return;
  const target = state.target;
  for (let i = from; i < target.length; i++) {
    if (i in target) target[i] = attachItem(target[i], { sink: state.sink, path: childPath(state.path, i) });
  }
}

function listMethod(state: ListState, key: PropertyKey): (...args: unknown[]) => unknown {
  let fn = state.methods?.get(key);
  if (!fn) {
    const native = (Array.prototype as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[key]!;
    const t = state.target;
    fn = (...args: unknown[]) => {
      const before = t.length;
      const result = native.apply(t, args);
      // push and pop leave existing items at their index: only new items need binding.
      if (key === 'push') rebindList(state, before);
      else if (key !== 'pop') rebindList(state);
      mark(state, state.path);
      return result === t ? state.proxy : result;
    };
    (state.methods ??= new Map()).set(key, fn);
  }
  return fn;
}

/** Read through a tracked list's Proxy, gives the array behind it (see {@link listItems}). */
const LIST_TARGET = Symbol('mongoengine.trackedListTarget');

const listHandler: ProxyHandler<unknown[]> = {
  get(t, key, receiver) {
    if (key === LIST_TARGET) return t;
    if (key === STATE) {
      const state = listStateOf(t);
      return (state.handle ??= { state, rebind: () => rebindList(state) });
    }
    if (LIST_MUTATORS.has(key)) return listMethod(listStateOf(t), key);
    return Reflect.get(t, key, receiver);
  },
  set(t, key, value, receiver) {
    if (isIndexKey(key)) {
      const state = listStateOf(t);
      const path = childPath(state.path, key as string);
      const bound = state.attachItem ? state.attachItem(value, { sink: state.sink, path }) : value;
      const ok = Reflect.set(t, key, bound);
      mark(state, path);
      return ok;
    }
    if (key === 'length') {
      const ok = Reflect.set(t, key, value);
      mark(listStateOf(t), listStateOf(t).path);
      return ok;
    }
    return Reflect.set(t, key, value, receiver);
  },
  deleteProperty(t, key) {
    const ok = Reflect.deleteProperty(t, key);
    // A hole shifts nothing in JS but is stored as null; mark the list as a whole, as MongoEngine does.
    if (isIndexKey(key)) mark(listStateOf(t), listStateOf(t).path);
    return ok;
  },
};

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
 * Marks a field prototype whose `toJs(raw, ctx)` result needs no further `attach(cast(v), ctx)`
 * at the same context; the value is the prototype whose `cast`, `attach` and `toJs` it vouches
 * for (a subclass overriding one of them loses the shortcut). Lets a list field skip the second
 * binding pass over loaded items (bench/odm: a fifth of loading a list of embedded documents).
 */
export const LOADS_BOUND = Symbol('mongoengine.loadsBound');

/**
 * The array to read a list's items from: the array behind a tracked list (its items are the
 * same values, read without one Proxy trap per index), or the value itself. Read-only use:
 * writes to it would not be tracked. Validation and `toMongo` read every item of every list.
 *
 * @example
 * for (const item of listItems(doc.tags)) console.log(item);
 */
export function listItems<T>(value: readonly T[]): readonly T[] {
  return ((value as unknown as Record<symbol, T[] | undefined>)[LIST_TARGET] ?? value) as readonly T[];
}

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
