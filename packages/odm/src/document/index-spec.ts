import type { CreateIndexesOptions, IndexDirection } from 'mongodb';

/** One key of an index: a db path and its direction or kind. */
export type IndexKeyPart = readonly [path: string, kind: IndexKind];

/** What a key part may be: ascending, descending, or a special index kind. */
export type IndexKind = 1 | -1 | 'text' | 'hashed' | '2dsphere' | '2d';

/**
 * A `meta.indexes` entry in any of MongoEngine's forms:
 * - a field name with an optional prefix: `'name'` / `'+name'` ascending, `'-age'` descending,
 *   `'$bio'` text, `'#token'` hashed, `'(location'` 2dsphere, `'*point'` 2d;
 * - an array of those (or of `[field, kind]` pairs) for a compound index;
 * - an object with `fields` plus index options (`unique`, `sparse`, `expireAfterSeconds`,
 *   `partialFilterExpression`, `collation`, `name`, `weights`, `cls` …).
 *
 * @example
 * ```ts
 * const indexes: IndexDefinition[] = ['-age', ['name', '-age'], { fields: ['email'], unique: true }];
 * ```
 */
export type IndexDefinition =
  string | readonly (string | readonly [string, IndexKind])[] | IndexDefinitionObject;

/** The object form of an index definition. Unknown keys are passed on to `createIndex`. */
export interface IndexDefinitionObject extends Omit<CreateIndexesOptions, 'name'> {
  /** The keys, in order: prefixed names (`'-age'`) or `[name, kind]` pairs. */
  fields: readonly (string | readonly [string, IndexKind])[];
  /** Index name (default: MongoDB's, built from the key). */
  name?: string;
  /** Whether `_cls` is prepended on an inheritable class (default true). */
  cls?: boolean;
}

/** A parsed index: its ordered key and the options for `createIndex`. */
export interface IndexSpec {
  /** The ordered key parts, with db paths. */
  key: IndexKeyPart[];
  /** Options for `createIndex` (name, unique, sparse, …). */
  options: CreateIndexesOptions;
}

/** How the parser sees the document class. */
export interface IndexParseContext {
  /** Translates an attribute path (`'address.city'`, `'pk'`) to its db path. */
  resolvePath(path: string): string;
  /** `meta.allowInheritance` and `meta.indexCls`: prepend `_cls` to non-geo, non-sparse indexes. */
  prependCls: boolean;
  /** `meta.indexOpts`: default options merged under every spec. */
  defaults?: CreateIndexesOptions;
}

const PREFIX_KINDS: Readonly<Record<string, IndexKind>> = {
  '+': 1,
  '-': -1,
  $: 'text',
  '#': 'hashed',
  '(': '2dsphere',
  '*': '2d',
};

function parseKeyString(entry: string, ctx: IndexParseContext): IndexKeyPart {
  const first = entry.charAt(0);
  if (first === ')') {
    throw new Error(
      `Index '${entry}': geoHaystack indexes were removed from MongoDB; use a 2dsphere index ('(field').`,
    );
  }
  const kind = PREFIX_KINDS[first];
  const name = kind === undefined ? entry : entry.slice(1);
  if (name === '') throw new Error(`Index '${entry}' names no field.`);
  return [ctx.resolvePath(name), kind ?? 1];
}

function parseKeys(
  entries: readonly (string | readonly [string, IndexKind])[],
  ctx: IndexParseContext,
): IndexKeyPart[] {
  return entries.map((entry) =>
    typeof entry === 'string' ? parseKeyString(entry, ctx) : ([ctx.resolvePath(entry[0]), entry[1]] as const),
  );
}

/**
 * Parses one `meta.indexes` entry into a key and `createIndex` options, translating attribute
 * names to db names and prepending `_cls` the way MongoEngine does (not for sparse or geo indexes,
 * not when the spec says `cls: false`).
 *
 * @example
 * ```ts
 * parseIndexSpec({ fields: ['-age'], sparse: true }, { resolvePath: (p) => p, prependCls: false });
 * // { key: [['age', -1]], options: { sparse: true } }
 * ```
 */
export function parseIndexSpec(definition: IndexDefinition, ctx: IndexParseContext): IndexSpec {
  let key: IndexKeyPart[];
  let options: CreateIndexesOptions = { ...ctx.defaults };
  let cls: boolean | undefined;
  if (typeof definition === 'string') {
    key = [parseKeyString(definition, ctx)];
  } else if (Array.isArray(definition)) {
    key = parseKeys(definition as readonly (string | readonly [string, IndexKind])[], ctx);
  } else {
    const { fields, cls: clsOption, ...rest } = definition as IndexDefinitionObject;
    if (!Array.isArray(fields) || fields.length === 0) {
      throw new Error('An index definition object needs a non-empty `fields` array.');
    }
    key = parseKeys(fields, ctx);
    options = { ...options, ...rest };
    cls = clsOption;
  }
  if (key.length === 0) throw new Error('An index needs at least one field.');
  const geo = key.some(([, kind]) => kind === '2d' || kind === '2dsphere');
  const wantsCls = cls ?? (ctx.prependCls && options.sparse !== true);
  if (wantsCls && !geo && key[0]?.[0] !== '_cls') key = [['_cls', 1], ...key];
  return { key, options };
}

/**
 * The key object the driver expects (`{ _cls: 1, age: -1 }`), in key order.
 *
 * @example
 * ```ts
 * keyObject([['name', 1], ['age', -1]]); // { name: 1, age: -1 }
 * ```
 */
export function keyObject(key: readonly IndexKeyPart[]): Record<string, IndexDirection> {
  const out: Record<string, IndexDirection> = {};
  for (const [path, kind] of key) out[path] = kind;
  return out;
}

/**
 * A canonical string for comparing an index key with one the server lists. Text indexes are
 * compared by their set of text fields (the server stores them as `_fts`/`_ftsx` plus weights),
 * and order-insensitively, as MongoEngine's `compare_indexes` does.
 *
 * @example
 * ```ts
 * keySignature([['b', 'text'], ['a', 'text']]) === keySignature([['a', 'text'], ['b', 'text']]); // true
 * ```
 */
export function keySignature(key: readonly IndexKeyPart[]): string {
  const text = key.filter(([, kind]) => kind === 'text').map(([path]) => path);
  const other = key.filter(([, kind]) => kind !== 'text').map(([path, kind]) => `${path}:${String(kind)}`);
  if (text.length === 0) return other.join(',');
  return [...other, `text(${[...text].sort().join(',')})`].join(',');
}

/**
 * The key of an index as the server lists it (`listIndexes`), turned back into key parts; a text
 * index's `_fts`/`_ftsx` pair becomes one `text` part per weighted field.
 *
 * @example
 * ```ts
 * serverKeyParts({ key: { _fts: 'text', _ftsx: 1 }, weights: { bio: 1 } }); // [['bio', 'text']]
 * ```
 */
export function serverKeyParts(index: {
  key: Record<string, unknown>;
  weights?: Record<string, unknown>;
}): IndexKeyPart[] {
  const parts: IndexKeyPart[] = [];
  for (const [path, raw] of Object.entries(index.key)) {
    if (path === '_fts') {
      for (const field of Object.keys(index.weights ?? {})) parts.push([field, 'text']);
      continue;
    }
    if (path === '_ftsx') continue;
    const kind = typeof raw === 'number' ? (raw < 0 ? -1 : 1) : (String(raw) as IndexKind);
    parts.push([path, kind]);
  }
  return parts;
}
