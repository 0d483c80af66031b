import type { Collection, Db } from 'mongodb';
import { getDb, onDisconnect } from '../connection/index.js';
import { getContextCollection, getContextDbAlias } from '../context/index.js';
import { convertDriverError } from '../errors/convert-driver-error.js';
import { OperationError } from '../errors/operation-error.js';
import { InvalidDocumentError } from '../errors/usage-errors.js';
import { classInfo, type ClassInfo } from './class-info.js';
import { keyObject } from './index-spec.js';
import { indexSpecs, needsClsIndex } from './index-specs.js';
import { cappedOptions } from './meta.js';
import type { ClassRef } from './class-ref.js';
import type { InstanceTarget } from './state.js';

/** Collections already prepared (capped creation, automatic indexes), per database object. */
let prepared = new WeakMap<Db, Map<string, Promise<void>>>();

onDisconnect(() => {
  // A reconnect gives new Db objects anyway; dropping the map also frees the old promises now.
  prepared = new WeakMap();
});

/**
 * The alias and collection name a class uses in the current task: a switch from `context/`
 * (set for the class or one of its ancestors) wins over the class's meta.
 *
 * @example
 * resolveTarget(classInfo(User)); // { alias: 'default', collection: 'user' }
 */
export function resolveTarget(
  info: ClassInfo,
  override?: InstanceTarget,
): { alias: string; collection: string } {
  if (info.collection === undefined) {
    throw new InvalidDocumentError(
      info.kind === 'embedded'
        ? `${info.className} is an embedded document and has no collection; save the document that holds it.`
        : `${info.className} is abstract and has no collection; use one of its concrete subclasses.`,
    );
  }
  let alias: string | undefined = override?.alias;
  let collection: string | undefined = override?.collection;
  for (
    let c: ClassInfo | undefined = info;
    c && (alias === undefined || collection === undefined);
    c = c.parent
  ) {
    alias ??= getContextDbAlias(c.cls);
    collection ??= getContextCollection(c.cls);
  }
  return { alias: alias ?? info.meta.dbAlias, collection: collection ?? info.collection };
}

/**
 * The driver collection of a document class, honouring the connection alias and the context
 * switches. On first use per database it creates a capped collection when `maxDocuments` /
 * `maxSize` ask for one, and the indexes when `autoCreateIndex` is on.
 *
 * @throws {ConnectionError} for an unknown alias (from `connection/`).
 * @example
 * const coll = await documentCollection(User);
 */
export async function documentCollection(cls: ClassRef, override?: InstanceTarget): Promise<Collection> {
  return (await documentTarget(cls, override)).collection;
}

/**
 * Like {@link documentCollection}, plus the alias the collection belongs to — what a caller
 * needs to ask `sessionOptions(alias)` / `writeOptionsFor(alias, cls)` for its driver options.
 *
 * @example
 * const { collection, alias } = await documentTarget(User);
 * await collection.insertOne(son, writeOptionsFor(alias, User));
 */
export async function documentTarget(
  cls: ClassRef,
  override?: InstanceTarget,
): Promise<{ collection: Collection; alias: string }> {
  const info = classInfo(cls);
  const target = resolveTarget(info, override);
  const db = getDb(target.alias);
  let perDb = prepared.get(db);
  if (!perDb) {
    perDb = new Map();
    prepared.set(db, perDb);
  }
  // Per class as well as per collection: a subclass sharing the collection may declare more indexes.
  const key = `${target.collection}\0${info.className}`;
  let ready = perDb.get(key);
  if (!ready) {
    ready = prepareCollection(info, db, target.collection);
    perDb.set(key, ready);
    ready.catch(() => perDb.delete(key));
  }
  await ready;
  return { collection: collectionOf(db, target.collection), alias: target.alias };
}

/**
 * Driver `Collection` objects by database and name: `db.collection()` builds a new one (options
 * resolution, namespace) on every call, which was per-operation work on every save and query.
 */
let collections = new WeakMap<Db, Map<string, Collection>>();

onDisconnect(() => {
  collections = new WeakMap();
});

function collectionOf(db: Db, name: string): Collection {
  let perDb = collections.get(db);
  if (!perDb) {
    perDb = new Map();
    collections.set(db, perDb);
  }
  let coll = perDb.get(name);
  if (!coll) {
    coll = db.collection(name);
    perDb.set(name, coll);
  }
  return coll;
}

/**
 * Forgets that a collection was prepared (after a drop), so the next use prepares it again.
 *
 * @example
 * forgetPrepared(getDb(), 'users');
 */
export function forgetPrepared(db: Db, name: string): void {
  const perDb = prepared.get(db);
  if (!perDb) return;
  for (const key of [...perDb.keys()]) if (key.startsWith(`${name}\0`)) perDb.delete(key);
}

async function prepareCollection(info: ClassInfo, db: Db, name: string): Promise<void> {
  const capped = cappedOptions(info.meta);
  try {
    if (capped) await ensureCapped(info, db, name, capped);
    if (info.meta.autoCreateIndex) await createIndexes(info, db.collection(name));
  } catch (error) {
    throw convertDriverError(error);
  }
}

async function ensureCapped(
  info: ClassInfo,
  db: Db,
  name: string,
  capped: { size: number; max?: number },
): Promise<void> {
  const existing = await db.listCollections({ name }, { nameOnly: false }).toArray();
  const found = existing[0] as { options?: { capped?: boolean; size?: number; max?: number } } | undefined;
  if (!found) {
    await db.createCollection(name, {
      capped: true,
      size: capped.size,
      ...(capped.max !== undefined ? { max: capped.max } : {}),
    });
    return;
  }
  const o = found.options ?? {};
  if (
    !o.capped ||
    Number(o.size) !== capped.size ||
    (capped.max !== undefined && Number(o.max) !== capped.max)
  ) {
    throw new OperationError(
      `Collection '${name}' of ${info.className} exists with other options (${JSON.stringify(o)}) than meta.maxDocuments/maxSize ask for; drop it or change the meta.`,
    );
  }
}

/**
 * Creates every index of a class on its collection (and the `_cls` index for inheritance).
 *
 * @example
 * await createIndexes(classInfo(User), coll);
 */
export async function createIndexes(info: ClassInfo, coll: Collection): Promise<void> {
  const specs = indexSpecs(info);
  for (const spec of specs) await coll.createIndex(keyObject(spec.key), spec.options);
  if (needsClsIndex(info, specs)) await coll.createIndex({ _cls: 1 });
}
