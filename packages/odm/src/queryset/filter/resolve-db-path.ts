import { classInfo, type ClassInfo } from '../../document/class-info.js';
import type { ClassRef } from '../../document/class-ref.js';
import { InvalidQueryError } from '../../errors/usage-errors.js';
import type { AnyField, BaseField } from '../../fields/base-field.js';
import { assertSafeKeyPart } from './safe-value.js';

/**
 * A document class as the compilers take it: any class declared with `Document.define` or
 * `EmbeddedDocument.define` (its metadata comes from `classInfo`).
 */
export type DocumentClassLike = ClassRef;

/** Where the first part of a path is looked up: a document class, or an embedded document's fields. */
export interface PathScope {
  /** Class name, for messages. */
  readonly owner: string;
  /** The field declared under an attribute name (subclass fields included), or undefined. */
  lookup(name: string): AnyField | undefined;
  /** Undeclared names are allowed (dynamic documents, `strict: false`). */
  readonly open: boolean;
  /** The primary key field (`pk`), when the scope is a document. */
  readonly idField: AnyField | undefined;
  readonly isDocument: boolean;
  /** Declared attribute names, for messages. */
  readonly names: readonly string[];
}

/** A resolved path: the MongoDB dotted path, and the field it ends on (undefined in dynamic data). */
export interface ResolvedDbPath {
  readonly dbPath: string;
  readonly field: BaseField<any, any, any> | undefined;
}

/** Options of {@link resolveParts}. */
export interface ResolveOptions {
  /** Accept the update path parts `S`, `$`, `$[]` and `$[name]` (positional operators). */
  readonly positional?: boolean;
  /** The whole key, for messages. */
  readonly key?: string;
}

const scopes = new WeakMap<ClassInfo, PathScope>();

/**
 * The scope of a document class: its fields, the fields of its known subclasses (MongoEngine
 * lets a query on a base class name a subclass's field), and its primary key.
 *
 * @example
 * classScope(User).lookup('name'); // StringField
 */
export function classScope(docClass: DocumentClassLike): PathScope {
  const info = classInfo(docClass);
  const cached = scopes.get(info);
  if (cached) return cached;
  const scope: PathScope = {
    owner: info.className,
    lookup(name) {
      if (Object.prototype.hasOwnProperty.call(info.fields, name)) return info.fields[name];
      for (const sub of info.subclasses) {
        if (Object.prototype.hasOwnProperty.call(sub.fields, name)) return sub.fields[name];
      }
      return undefined;
    },
    open: info.dynamic || !info.meta.strict,
    idField: info.meta.idField === undefined ? undefined : info.fields[info.meta.idField],
    isDocument: info.kind === 'document',
    names: info.fieldNames,
  };
  scopes.set(info, scope);
  return scope;
}

/**
 * The scope inside an embedded document field (or a list of them), for `elemMatch` and `pull`
 * sub-queries; undefined when the field holds no documents.
 *
 * @example
 * memberScope(classInfo(Post).fields['comments']); // resolves 'author', 'text', 'likes'…
 */
export function memberScope(field: AnyField | undefined): PathScope | undefined {
  if (field === undefined) return undefined;
  const item = isListLike(field) ? field.lookupMember('0') : field;
  if (item === undefined) return undefined;
  const docType = (item as { documentType?: { _className?: string; _fields?: Record<string, AnyField> } })
    .documentType;
  if (docType === undefined || item.fieldType === 'GenericEmbeddedDocumentField') return undefined;
  const fields = docType._fields ?? {};
  return {
    owner: docType._className ?? item.fieldType,
    lookup: (name) => (Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined),
    open: false,
    idField: undefined,
    isDocument: false,
    names: Object.keys(fields),
  };
}

/**
 * True for list-valued fields (ListField, SortedListField, EmbeddedDocumentListField).
 *
 * @example
 * isListLike(new ListField(new IntField())); // true
 */
export function isListLike(field: AnyField | undefined): boolean {
  return field !== undefined && /ListField$/.test(field.fieldType);
}

function isPositional(part: string): boolean {
  return part === 'S' || part === '$' || /^\$\[[A-Za-z0-9_]*\]$/.test(part);
}

/** True when the members of `field` (or of its items) are embedded-document fields. */
function holdsDocuments(field: AnyField): boolean {
  const holder = isListLike(field) ? field.lookupMember('0') : field;
  return holder !== undefined && 'documentType' in holder;
}

/** Fields whose members are any data (dicts without an item field, dynamic values). */
function isOpenField(field: AnyField): boolean {
  return field.fieldType === 'GenericEmbeddedDocumentField';
}

/**
 * Translates attribute path parts to a db path, following embedded documents, list items and
 * dict keys (`['comments', '0', 'author']` → `'comments.0.author'`, `['pk']` → `'_id'`).
 *
 * @throws {InvalidQueryError} for an unknown field, a sub-path through a scalar or a reference,
 *   or a part that could smuggle an operator (`$x`, `__proto__`).
 * @example
 * resolveParts(classScope(User), ['address', 'city']); // { dbPath: 'address.city', field: StringField }
 */
export function resolveParts(
  scope: PathScope,
  parts: readonly string[],
  options: ResolveOptions = {},
): ResolvedDbPath {
  const key = options.key ?? parts.join('__');
  const [head, ...rest] = parts;
  if (head === undefined || head === '')
    throw new InvalidQueryError(`Empty field name in '${key}' on ${scope.owner}.`);
  assertSafeKeyPart(head, key, scope.owner);
  let field: AnyField | undefined;
  let declared = true;
  const db: string[] = [];
  if (scope.isDocument && (head === 'pk' || head === '_id')) {
    field = scope.idField;
    db.push('_id');
  } else {
    field = scope.lookup(head);
    if (field === undefined) {
      if (!scope.open) {
        throw new InvalidQueryError(
          `Cannot resolve field '${head}' of '${key}' on ${scope.owner}. Declared fields: ${scope.names.join(', ')}.`,
        );
      }
      declared = false;
      db.push(head);
    } else {
      db.push(field.dbField);
    }
  }
  let where = `${scope.owner}.${head}`;
  for (const part of rest) {
    if (part === '') throw new InvalidQueryError(`Empty path part in '${key}' on ${scope.owner}.`);
    if (options.positional === true && isPositional(part)) {
      db.push(part === 'S' ? '$' : part);
      field = field?.lookupMember('0');
      where = `${where}.${part}`;
      continue;
    }
    assertSafeKeyPart(part, key, scope.owner);
    if (!declared || field === undefined) {
      db.push(part);
      where = `${where}.${part}`;
      continue;
    }
    if (/ReferenceField$/.test(field.fieldType) && field.fieldType !== 'CachedReferenceField') {
      throw new InvalidQueryError(
        `Cannot perform a join in MongoDB: '${key}' goes through the reference field ${where} (${field.fieldType}).`,
      );
    }
    if (part === 'S' && isListLike(field)) {
      throw new InvalidQueryError(
        `'${key}': the positional 'S' is for updates only; use an index or elemMatch.`,
      );
    }
    const member = field.lookupMember(part);
    if (member === undefined) {
      if (isOpenField(field)) {
        declared = false;
        field = undefined;
        db.push(part);
        continue;
      }
      throw new InvalidQueryError(
        `Cannot resolve '${part}' of '${key}': ${where} is a ${field.fieldType} and has no member '${part}'.`,
      );
    }
    // Members of embedded documents have db names; list indexes and dict keys stay as written.
    db.push(/^\d+$/.test(part) || !holdsDocuments(field) ? part : member.dbField);
    field = member;
    where = `${where}.${part}`;
  }
  return { dbPath: db.join('.'), field: declared ? field : undefined };
}

/**
 * Resolves a MongoEngine path (`'address__city'`, `'comments__0__author'`, `'pk'`; dots work
 * too) on a document class to its db path and leaf field.
 *
 * @throws {InvalidQueryError} naming the field and the class when the path does not resolve.
 * @example
 * resolveDbPath(User, 'address__city'); // { dbPath: 'addr.city', field: StringField }
 */
export function resolveDbPath(docClass: DocumentClassLike, path: string): ResolvedDbPath {
  return resolveParts(classScope(docClass), path.split(/__|\./), { key: path });
}
