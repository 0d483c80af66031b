import { BSONRegExp, ObjectId } from 'bson';
import { documentSize, type Doc } from '../bson.js';
import { ServerError } from '../errors.js';

/** MongoDB's maximum document size. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

const sizes = new WeakMap<Doc, number>();

/**
 * BSON size of a stored document, computed once: stored documents are immutable, so the size is
 * cached for the insert check, `dataSize` bookkeeping and the replacement that later removes it.
 *
 * @example
 * ```ts
 * storedSize({ a: 1 }); // 12
 * ```
 */
export function storedSize(doc: Doc): number {
  let size = sizes.get(doc);
  if (size === undefined) {
    size = documentSize(doc);
    sizes.set(doc, size);
  }
  return size;
}

/**
 * Checks a document for insertion and returns it with `_id` first (an ObjectId is generated
 * when missing). Throws MongoDB's errors for array/regex `_id` and `$` names inside `_id`.
 *
 * @example
 * ```ts
 * prepareInsert({ name: 'x' }); // { _id: ObjectId('…'), name: 'x' }
 * ```
 */
export function prepareInsert(doc: Doc): Doc {
  const size = storedSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new ServerError(
      { code: 10334, codeName: 'BSONObjectTooLarge' },
      `object to insert too large. size in bytes: ${String(size)}, max size: ${String(MAX_DOCUMENT_BYTES)}`,
    );
  }
  if (!('_id' in doc) || doc['_id'] === undefined) {
    const { _id: _ignored, ...rest } = doc;
    return { _id: new ObjectId(), ...rest };
  }
  const id = doc['_id'];
  if (Array.isArray(id)) throw new ServerError('InvalidIdField', "The '_id' value cannot be of type array");
  if (id instanceof BSONRegExp || id instanceof RegExp)
    throw new ServerError('BadValue', "can't use a regex for _id");
  if (id !== null && typeof id === 'object' && Object.getPrototypeOf(id) === Object.prototype) {
    // Since 5.0 top-level `$` names are storable, but not inside `_id`.
    const dollar = Object.keys(id).find((key) => key.startsWith('$'));
    if (dollar !== undefined) {
      throw new ServerError(
        'DollarPrefixedFieldName',
        `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
      );
    }
  }
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * MongoDB's namespace rules (InvalidNamespace 73).
 *
 * @example
 * ```ts
 * validateNamespace('app', 'a$b'); // throws InvalidNamespace (73)
 * ```
 */
export function validateNamespace(db: string, name: string): void {
  if (db === '' || /[/\\. "$*<>:|?]/.test(db))
    throw new ServerError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (name === '' || name.includes('$') || name.startsWith('.') || name.includes('\u0000')) {
    throw new ServerError('InvalidNamespace', `Invalid collection name: ${name}`);
  }
  if (
    name.startsWith('system.') &&
    !['system.js', 'system.views', 'system.profile', 'system.buckets'].some((p) => name.startsWith(p))
  ) {
    throw new ServerError('InvalidNamespace', `Invalid system namespace: ${db}.${name}`);
  }
}
