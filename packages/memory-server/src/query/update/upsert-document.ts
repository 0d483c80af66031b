import { BSONRegExp, ObjectId } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { valuesEqual } from '../compare.js';
import { applyParsedUpdate, getParsedUpdate } from './apply-update.js';
import { checkInsertId, replaceDocument } from './replace-document.js';
import { isPlainObject, setOwn } from './values.js';

function notSingle(message: string): ServerError {
  return new ServerError('NotSingleValueField', `cannot infer query fields to set, ${message}`);
}

function isRegex(value: unknown): boolean {
  return value instanceof RegExp || value instanceof BSONRegExp;
}

function isOperatorObject(value: unknown): value is Doc {
  return isPlainObject(value) && (Object.keys(value)[0] ?? '').startsWith('$');
}

/**
 * The equalities a query implies, as MongoDB extracts them for an upsert: `{a: v}`, `{a: {$eq: v}}`,
 * a one-element `$in`, each element of `$all`, inside `$and` and one-clause `$or`.
 */
function collectEqualities(filter: Doc, out: [string, unknown][]): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || (key === '$or' && Array.isArray(value) && value.length === 1)) {
      if (Array.isArray(value))
        for (const clause of value) if (isPlainObject(clause)) collectEqualities(clause, out);
      continue;
    }
    if (key === '$expr') {
      throw new ServerError(
        { code: 224, codeName: 'QueryFeatureNotAllowed' },
        '$expr is not allowed in the query predicate for an upsert',
      );
    }
    if (key.startsWith('$')) continue;
    if (!isOperatorObject(value)) {
      if (!isRegex(value)) out.push([key, value]);
      continue;
    }
    if (Object.hasOwn(value, '$eq')) out.push([key, value['$eq']]);
    const inList = value['$in'];
    if (Array.isArray(inList) && inList.length === 1 && !isRegex(inList[0])) out.push([key, inList[0]]);
    const all = value['$all'];
    if (Array.isArray(all)) {
      for (const item of all) if (!isRegex(item) && !isOperatorObject(item)) out.push([key, item]);
    }
  }
}

/** Builds the nested document of the query's equality fields (`{'a.b': 1}` → `{a: {b: 1}}`). */
function seedFromEqualities(pairs: readonly [string, unknown][]): Doc {
  const seed: Doc = {};
  // Only containers built here may receive more fields; an equality value is matched whole.
  const built = new Set<Doc>([seed]);
  const seen = new Map<string, unknown>();
  const ordered = [...pairs].sort(([a], [b]) => (a === '_id' ? -1 : b === '_id' ? 1 : 0));
  for (const [path, value] of ordered) {
    if (seen.has(path)) {
      if (valuesEqual(seen.get(path), value)) continue;
      throw notSingle(`path '${path}' is matched twice`);
    }
    seen.set(path, value);
    const parts = path.split('.');
    // A query path with a positional or operator component cannot be turned into a field.
    if (parts.some((p) => p === '' || p.startsWith('$'))) continue;
    const conflicting = (): ServerError => {
      const other = [...seen.keys()].find(
        (p) => p !== path && (p.startsWith(`${path}.`) || path.startsWith(`${p}.`)),
      );
      return notSingle(`both paths '${other ?? path}' and '${path}' are matched`);
    };
    let container: Doc = seed;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] ?? '';
      if (!Object.hasOwn(container, part)) {
        const created: Doc = {};
        built.add(created);
        setOwn(container, part, created);
        container = created;
        continue;
      }
      const next = container[part];
      if (!isPlainObject(next) || !built.has(next)) throw conflicting();
      container = next;
    }
    const last = parts[parts.length - 1] ?? '';
    if (Object.hasOwn(container, last)) throw conflicting();
    setOwn(container, last, value);
  }
  return seed;
}

/**
 * The document an upsert inserts: the query's equality fields (`_id` first), then the update
 * applied as an insert so `$setOnInsert` takes effect; a replacement keeps only the query's `_id`.
 *
 * @example
 * ```ts
 * buildUpsert({ _id: 7, a: 1, b: { $gt: 2 } }, { $set: { c: 3 } }, undefined); // { _id: 7, a: 1, c: 3 }
 * ```
 */
export function buildUpsert(filter: Doc, update: Doc | Doc[], arrayFilters: Doc[] | undefined): Doc {
  const parsed = getParsedUpdate(update, arrayFilters);
  const pairs: [string, unknown][] = [];
  collectEqualities(filter, pairs);
  const seed = seedFromEqualities(pairs);
  const lockId = Object.hasOwn(seed, '_id');
  let doc: Doc;
  if (parsed.kind === 'replacement') {
    doc = replaceDocument(lockId ? { _id: seed['_id'] } : {}, parsed.doc, lockId);
  } else {
    doc = applyParsedUpdate(parsed, seed, { isInsert: true, lockId, arrayFilters });
  }
  if (!Object.hasOwn(doc, '_id')) {
    doc = { _id: new ObjectId(), ...doc };
  } else if (Object.keys(doc)[0] !== '_id') {
    const { _id: id, ...rest } = doc;
    doc = { _id: id, ...rest };
  }
  checkInsertId(doc);
  return doc;
}
