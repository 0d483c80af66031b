/**
 * Keeping the copies of a `CachedReferenceField` in step with their targets: a save hook
 * (MongoEngine's `post_save` receiver) and {@link syncCachedReferences} (MongoEngine's
 * `sync_all`). Every write goes through the referring class's queryset, so transactions,
 * `switchDb` and write concerns in the context apply.
 */
import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo, onClassFinalised, type ClassInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import type { FieldsOf } from '../document/defined-class.js';
import { installDocumentHook } from '../document/hooks.js';
import { STATE, type DocState } from '../document/state.js';
import { InvalidDocumentError } from '../errors/usage-errors.js';

/** What the sync needs of a cached reference field (structural: the field module imports this one). */
interface CachedFieldLike {
  readonly fieldType: string;
  readonly name: string;
  readonly target: AnyDocumentClass;
  readonly autoSync: boolean;
  cachedDbKeys(): string[];
}

/** A cached reference declared on a document class. */
interface Referrer {
  readonly owner: ClassRef;
  readonly field: CachedFieldLike;
}

/** The queryset surface used here. */
interface SyncQuerySet {
  update(ops: Record<string, unknown>): Promise<number>;
  distinct(path: string): Promise<unknown[]>;
  [Symbol.asyncIterator](): AsyncIterator<object>;
}
type QueryableClass = { objects(query?: Record<string, unknown>): SyncQuerySet };

const referrers: Referrer[] = [];
/** Changed db paths of a target, from just before its write to the `postSave` hook. */
const pendingChanges = new WeakMap<object, readonly string[]>();
let installed = false;

function isCachedField(field: unknown): field is CachedFieldLike {
  return (field as { fieldType?: unknown }).fieldType === 'CachedReferenceField';
}

function targetOf(field: CachedFieldLike): AnyDocumentClass | undefined {
  try {
    return field.target;
  } catch {
    return undefined; // a thunk whose class is not declared yet
  }
}

/** The referrers whose target is `cls` or one of its parents. */
function referrersOf(cls: ClassRef): Referrer[] {
  return referrers.filter((r) => {
    const target = targetOf(r.field);
    return target !== undefined && (cls === target || cls.prototype instanceof target);
  });
}

function onFinalised(info: ClassInfo): void {
  for (const [name, field] of Object.entries(info.fields)) {
    const item = (field as { field?: unknown }).field;
    if (item !== undefined && isCachedField(item)) {
      throw new InvalidDocumentError(
        `${info.className}.${name}: a CachedReferenceField cannot be a list or dict item (its copies are kept in sync, and queried, as a single sub-document). Use a list of ReferenceFields.`,
      );
    }
    if (!isCachedField(field) || info.parent?.fields[name] === field) continue;
    if (info.kind !== 'document') {
      throw new InvalidDocumentError(
        `${info.className}.${name}: a CachedReferenceField is not allowed in an embedded document (its copies could not be kept in sync). Use a ReferenceField.`,
      );
    }
    referrers.push({ owner: info.cls, field });
  }
}

/** True when a changed db path touches one of the copied keys. */
function touches(changed: readonly string[], keys: readonly string[]): boolean {
  return changed.some((path) =>
    keys.some((key) => path === key || path.startsWith(`${key}.`) || key.startsWith(`${path}.`)),
  );
}

/** Rewrites the copies of `target` in every `owner` document that references it. */
async function rewrite(owner: ClassRef, name: string, target: object): Promise<number> {
  return (owner as unknown as QueryableClass)
    .objects({ [name]: target })
    .update({ [`set__${name}`]: target });
}

/**
 * Installs the save hooks and the class listener behind `autoSync` (once; called by every
 * `CachedReferenceField` constructor). Referring classes are found when they are finalised (on
 * first use, or `Cls.register()`).
 *
 * @example
 * installCachedReferenceSync();
 */
export function installCachedReferenceSync(): void {
  if (installed) return;
  installed = true;
  onClassFinalised(onFinalised);
  const appliesTo = (cls: ClassRef): boolean => referrersOf(cls).some((r) => r.field.autoSync);
  installDocumentHook(
    'preSavePostValidation',
    (doc, { cls, created }) => {
      // `postSave` runs after the changed paths are cleared, so they are kept from here.
      if (created !== true && appliesTo(cls)) {
        pendingChanges.set(doc, (doc as { [STATE]: DocState })[STATE].changed.list());
      }
    },
    { appliesTo },
  );
  installDocumentHook(
    'postSave',
    async (doc, { cls }) => {
      const changed = pendingChanges.get(doc);
      if (changed === undefined) return;
      pendingChanges.delete(doc);
      for (const { owner, field } of referrersOf(cls)) {
        if (field.autoSync && touches(changed, field.cachedDbKeys())) await rewrite(owner, field.name, doc);
      }
    },
    { appliesTo },
  );
}

/**
 * Rewrites every copy held by the cached reference `field` of `owner` from the current targets
 * (MongoEngine's `sync_all`): one query for the referenced ids, one for the targets, then one
 * update per target. Resolves to the number of referring documents matched.
 *
 * @example
 * await syncCachedReferences(Post, 'author'); // after renaming users with a queryset update
 */
export async function syncCachedReferences<TCls extends ClassRef>(
  owner: TCls,
  field: keyof FieldsOf<TCls> & string,
): Promise<number> {
  const info = classInfo(owner);
  const declared = info.fields[field];
  if (!isCachedField(declared)) {
    throw new InvalidDocumentError(`${info.className}.${field} is not a CachedReferenceField.`);
  }
  const ids = await (owner as unknown as QueryableClass).objects().distinct(`${field}__pk`);
  if (ids.length === 0) return 0;
  const targets = (declared.target as unknown as QueryableClass).objects({ pk__in: ids });
  let matched = 0;
  for await (const target of targets) matched += await rewrite(owner, field, target);
  return matched;
}
