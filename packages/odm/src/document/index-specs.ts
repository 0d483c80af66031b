import type { CreateIndexesOptions } from 'mongodb';
import type { AnyField } from '../fields/base-field.js';
import type { ClassInfo } from './class-info.js';
import { parseIndexSpec, type IndexDefinition, type IndexKind, type IndexSpec } from './index-spec.js';
import { resolveDottedPath } from './resolve-path.js';

/**
 * The automatic index a field asks for: every geo field (GeoPointField → `2d`, the seven GeoJSON
 * fields → `2dsphere`) exposes `indexType`, undefined with `autoIndex: false`.
 */
function autoIndexKind(field: AnyField): IndexKind | undefined {
  if ((field.options as { autoIndex?: boolean }).autoIndex === false) return undefined;
  const kind = (field as { indexType?: unknown }).indexType;
  return kind === '2d' || kind === '2dsphere' ? kind : undefined;
}

/** The defaults (`indexOpts`, `indexBackground`) merged under every index of a class. */
function defaultsOf(info: ClassInfo): CreateIndexesOptions | undefined {
  const defaults: CreateIndexesOptions = { ...info.meta.indexOpts };
  if (info.meta.indexBackground) defaults.background = true;
  return Object.keys(defaults).length > 0 ? defaults : undefined;
}

/**
 * Parses one index definition for a class (attribute names → db names, `_cls` prefix).
 *
 * @example
 * parseClassIndex(classInfo(User), '-age'); // { key: [['age', -1]], options: {} }
 */
export function parseClassIndex(
  info: ClassInfo,
  definition: IndexDefinition,
  extra?: CreateIndexesOptions,
): IndexSpec {
  const defaults = defaultsOf(info);
  const spec = parseIndexSpec(definition, {
    resolvePath: (path) => (path === '_cls' ? '_cls' : resolveDottedPath(info, path).dbPath),
    prependCls: info.meta.allowInheritance && info.meta.indexCls,
    ...(defaults ? { defaults } : {}),
  });
  return extra ? { key: spec.key, options: { ...spec.options, ...extra } } : spec;
}

/**
 * Every index a class declares: `meta.indexes`, then the implicit unique indexes of `unique`
 * and `uniqueWith` fields, then automatic geo indexes — in that order, duplicates by key removed.
 *
 * @example
 * indexSpecs(classInfo(User)); // [{ key: [['age', -1]], options: {} }, { key: [['email', 1]], options: { unique: true, sparse: false } }]
 */
export function indexSpecs(info: ClassInfo): IndexSpec[] {
  const specs: IndexSpec[] = info.meta.indexes.map((def) => parseClassIndex(info, def));
  const defaults = defaultsOf(info);
  for (const field of Object.values(info.fields)) {
    if (field.options.primaryKey === true || !field.unique) continue;
    const key: IndexSpec['key'] = [[field.dbField, 1]];
    for (const other of field.uniqueWith) key.push([resolveDottedPath(info, other).dbPath, 1]);
    specs.push({ key, options: { ...defaults, unique: true, sparse: field.options.sparse === true } });
  }
  for (const field of Object.values(info.fields)) {
    specs.push(...embeddedUniqueSpecs(field, field.dbField, defaults, new Set()));
  }
  for (const field of Object.values(info.fields)) {
    const kind = autoIndexKind(field);
    if (kind !== undefined) specs.push({ key: [[field.dbField, kind]], options: { ...defaults } });
  }
  const seen = new Set<string>();
  return specs.filter((spec) => {
    const sig = JSON.stringify(spec.key);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

interface EmbeddedHolder {
  readonly documentType?: { readonly _fields?: Readonly<Record<string, unknown>> };
  readonly field?: AnyField;
}

/**
 * Unique fields inside embedded documents (also in lists of them), namespaced by the path of the
 * field holding them, as MongoEngine indexes them (`{ 'address.code': 1 }`, unique).
 */
function embeddedUniqueSpecs(
  field: AnyField,
  prefix: string,
  defaults: CreateIndexesOptions | undefined,
  seen: Set<object>,
): IndexSpec[] {
  const holder = field as unknown as EmbeddedHolder;
  if (holder.field !== undefined && holder.field !== field)
    return embeddedUniqueSpecs(holder.field, prefix, defaults, seen);
  let type: EmbeddedHolder['documentType'];
  try {
    type = holder.documentType;
  } catch {
    return []; // a document type given by a name that is not registered yet
  }
  if (!type?._fields || seen.has(type)) return [];
  seen.add(type);
  const specs: IndexSpec[] = [];
  for (const sub of Object.values(type._fields) as AnyField[]) {
    const path = `${prefix}.${sub.dbField}`;
    if (sub.unique && sub.options.primaryKey !== true) {
      const key: IndexSpec['key'] = [[path, 1]];
      for (const other of sub.uniqueWith)
        key.push([`${prefix}.${(type._fields[other] as AnyField | undefined)?.dbField ?? other}`, 1]);
      specs.push({ key, options: { ...defaults, unique: true, sparse: sub.options.sparse === true } });
    }
    specs.push(...embeddedUniqueSpecs(sub, path, defaults, seen));
  }
  seen.delete(type);
  return specs;
}

/**
 * Whether a class needs its own `{ _cls: 1 }` index (inheritance on, `indexCls`, and no index
 * already starting with `_cls`).
 *
 * @example
 * needsClsIndex(classInfo(Page), indexSpecs(classInfo(Page))); // false when an index starts with _cls
 */
export function needsClsIndex(info: ClassInfo, specs: readonly IndexSpec[]): boolean {
  if (!info.meta.allowInheritance || !info.meta.indexCls) return false;
  return !specs.some((s) => s.key[0]?.[0] === '_cls');
}
