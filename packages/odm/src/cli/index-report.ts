import type { CreateIndexesOptions, Db, IndexDirection } from 'mongodb';
import type { ClassInfo } from '../document/class-info.js';
import { compareIndexKeys, expectedIndexKeys } from '../document/index-admin.js';
import {
  keyObject,
  keySignature,
  serverKeyParts,
  type IndexKeyPart,
  type IndexSpec,
} from '../document/index-spec.js';
import { indexSpecs, needsClsIndex } from '../document/index-specs.js';

/** One index in a report: its key, its name (server name, or the declared one) and its options. */
export interface IndexEntry {
  readonly key: Record<string, IndexDirection>;
  readonly name?: string;
  readonly options?: CreateIndexesOptions;
}

/** A collection and the classes stored in it, through one connection alias. */
export interface IndexTarget {
  readonly alias: string;
  readonly collection: string;
  /** The concrete root classes stored there (their known subclasses come along). */
  readonly roots: readonly ClassInfo[];
  /** Registry names of the classes, for display. */
  readonly classes: readonly string[];
}

/** What `indexes check` found for one collection. */
export interface CollectionReport {
  readonly alias: string;
  readonly db: string;
  readonly collection: string;
  readonly classes: readonly string[];
  /** Declared but absent, with the options `sync` would create them with. */
  readonly missing: readonly IndexEntry[];
  /** Present but declared by no class (never `_id`). */
  readonly extra: readonly IndexEntry[];
  /** Present and declared. */
  readonly matching: readonly IndexEntry[];
}

function rootOf(info: ClassInfo): ClassInfo {
  let root = info;
  while (root.parent && !root.parent.meta.abstract) root = root.parent;
  return root;
}

/**
 * Groups classes by the collection they are stored in (a subclass shares its root's), keeping
 * only those of `alias` when given.
 *
 * @example
 * indexTargets([classInfo(User), classInfo(Post)]); // [{ alias: 'default', collection: 'users', … }, …]
 */
export function indexTargets(infos: readonly ClassInfo[], alias?: string): IndexTarget[] {
  const targets = new Map<
    string,
    { alias: string; collection: string; roots: Set<ClassInfo>; classes: Set<string> }
  >();
  for (const info of infos) {
    const root = rootOf(info);
    const targetAlias = root.meta.dbAlias;
    if (alias !== undefined && targetAlias !== alias) continue;
    const key = `${targetAlias}\0${root.collection!}`;
    let t = targets.get(key);
    if (!t) {
      t = { alias: targetAlias, collection: root.collection!, roots: new Set(), classes: new Set() };
      targets.set(key, t);
    }
    t.roots.add(root);
    for (const c of [root, ...root.subclasses]) if (!c.meta.abstract) t.classes.add(c.className);
  }
  return [...targets.values()]
    .map((t) => ({ alias: t.alias, collection: t.collection, roots: [...t.roots], classes: [...t.classes] }))
    .sort((a, b) => (a.alias + a.collection < b.alias + b.collection ? -1 : 1));
}

const partsOf = (key: Record<string, unknown>): IndexKeyPart[] => serverKeyParts({ key });

/** The declared specs of a target by key signature, for the options of missing indexes. */
function declaredSpecs(target: IndexTarget): Map<string, IndexSpec> {
  const bySig = new Map<string, IndexSpec>();
  for (const root of target.roots) {
    for (const c of [root, ...root.subclasses]) {
      if (c.meta.abstract) continue;
      const specs = indexSpecs(c);
      const all = needsClsIndex(c, specs) ? [...specs, { key: [['_cls', 1] as const], options: {} }] : specs;
      for (const s of all) if (!bySig.has(keySignature(s.key))) bySig.set(keySignature(s.key), s);
    }
  }
  return bySig;
}

type ListedIndex = { name?: string; key: Record<string, unknown>; weights?: Record<string, unknown> };

/**
 * Lists a target collection's indexes and compares them with the declared ones (the comparison
 * of `Document.compareIndexes()`, without the automatic index creation a class's first use does).
 *
 * @example
 * const [target] = indexTargets([classInfo(User)]);
 * const report = await inspectTarget(getDb('default'), target!);
 * report.missing; // [{ key: { age: -1 }, options: {} }]
 */
export async function inspectTarget(db: Db, target: IndexTarget): Promise<CollectionReport> {
  const expected: IndexKeyPart[][] = [];
  const seen = new Set<string>();
  for (const root of target.roots) {
    for (const key of expectedIndexKeys(root)) {
      if (!seen.has(keySignature(key))) {
        seen.add(keySignature(key));
        expected.push(key);
      }
    }
  }
  let listed: ListedIndex[];
  try {
    listed = (await db.collection(target.collection).listIndexes().toArray()) as ListedIndex[];
  } catch (error) {
    // NamespaceNotFound: no collection yet, so every declared index is missing.
    if ((error as { code?: number }).code !== 26) throw error;
    listed = [];
  }
  const { missing, extra } = compareIndexKeys(expected, listed);
  const specs = declaredSpecs(target);
  const extraSigs = new Set(extra.map((k) => keySignature(partsOf(k))));
  const entryOf = (index: ListedIndex): IndexEntry => ({
    key: keyObject(serverKeyParts(index)),
    ...(index.name !== undefined ? { name: index.name } : {}),
  });
  const isId = (index: ListedIndex): boolean => keySignature(serverKeyParts(index)) === '_id:1';
  return {
    alias: target.alias,
    db: db.databaseName,
    collection: target.collection,
    classes: target.classes,
    missing: missing.map((key) => {
      const spec = specs.get(keySignature(partsOf(key)));
      const options = spec?.options ?? {};
      return { key, ...(options.name !== undefined ? { name: options.name } : {}), options };
    }),
    extra: listed.filter((i) => extraSigs.has(keySignature(serverKeyParts(i)))).map(entryOf),
    matching: listed.filter((i) => !isId(i) && !extraSigs.has(keySignature(serverKeyParts(i)))).map(entryOf),
  };
}

/** One change `indexes sync` makes (or would make, with `--dry-run`). */
export interface SyncAction {
  readonly action: 'create' | 'drop';
  readonly alias: string;
  readonly collection: string;
  readonly key: Record<string, IndexDirection>;
  readonly name?: string;
  readonly options?: CreateIndexesOptions;
}

/**
 * The changes that bring a collection in line: create every missing index, and drop the extra
 * ones when asked.
 *
 * @example
 * declare const report: CollectionReport;
 * planSync(report, { dropExtra: true }); // [{ action: 'create', key: { age: -1 }, … }, { action: 'drop', name: 'legacy_1', … }]
 */
export function planSync(report: CollectionReport, options: { dropExtra: boolean }): SyncAction[] {
  const base = { alias: report.alias, collection: report.collection };
  const actions: SyncAction[] = report.missing.map((m) => ({ action: 'create', ...base, ...m }));
  if (options.dropExtra) for (const e of report.extra) actions.push({ action: 'drop', ...base, ...e });
  return actions;
}

/**
 * Applies one planned change; resolves to the index name.
 *
 * @example
 * await applySyncAction(getDb(), { action: 'create', alias: 'default', collection: 'users', key: { age: -1 } });
 */
export async function applySyncAction(db: Db, action: SyncAction): Promise<string | undefined> {
  const coll = db.collection(action.collection);
  if (action.action === 'create') return coll.createIndex(action.key, action.options ?? {});
  // Extra indexes come from listIndexes, which always names them.
  if (action.name === undefined)
    throw new Error(`Cannot drop an index of ${action.collection} without its name.`);
  await coll.dropIndex(action.name);
  return action.name;
}
