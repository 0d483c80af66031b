import { InvalidQueryError } from '../errors/usage-errors.js';
import type { AnyField } from '../fields/base-field.js';
import type { ClassInfo } from './class-info.js';

/** A resolved attribute path: its db path and the field it ends on (undefined inside dicts or dynamic data). */
export interface ResolvedPath {
  readonly dbPath: string;
  readonly field: AnyField | undefined;
}

interface MemberLookup {
  lookupMember?(name: string): AnyField | undefined;
}

/** Path parts that pass through unchanged: array indexes and positional operators. */
function isPassThrough(part: string): boolean {
  return /^\d+$/.test(part) || part === '$' || part.startsWith('$[');
}

/**
 * Translates attribute path parts (`['address', 'city']`, `['comments', 'S', 'votes']`) to a db
 * path (`'addr.city'`, `'comments.$.votes'`): `pk`/`id` name the primary key (`_id`), digits are
 * array indexes, `S` is the positional `$`. Sub-fields are found through the field's
 * `lookupMember` (embedded documents, list items); keys below a dict stay as given.
 *
 * @throws {InvalidQueryError} when the first part is not a field (unless the class is dynamic).
 * @example
 * resolveFieldPath(classInfo(User), ['address', 'city']); // { dbPath: 'address.city', field: StringField }
 */
export function resolveFieldPath(info: ClassInfo, parts: readonly string[]): ResolvedPath {
  const [head, ...rest] = parts;
  if (head === undefined || head === '')
    throw new InvalidQueryError(`Empty field path on ${info.className}.`);
  let field: AnyField | undefined;
  const db: string[] = [];
  if (
    head === 'pk' ||
    head === '_id' ||
    (head === 'id' && info.meta.idField !== undefined && info.fields['id'] === undefined)
  ) {
    field = info.meta.idField === undefined ? undefined : info.fields[info.meta.idField];
    db.push('_id');
  } else {
    field = info.fields[head];
    if (field === undefined) {
      if (!info.dynamic && info.meta.strict) {
        throw new InvalidQueryError(
          `Cannot resolve field '${head}' on ${info.className}. Declared fields: ${Object.keys(info.fields).join(', ')}.`,
        );
      }
      db.push(head);
    } else {
      db.push(field.dbField);
    }
  }
  for (const part of rest) {
    if (part === 'S' || isPassThrough(part)) {
      db.push(part === 'S' ? '$' : part);
      // A list's item field, when the list field can say (otherwise values pass unprepared).
      field = field === undefined ? undefined : (field as MemberLookup).lookupMember?.(part);
      continue;
    }
    const member = field === undefined ? undefined : (field as MemberLookup).lookupMember?.(part);
    field = member;
    db.push(member === undefined ? part : member.dbField);
  }
  return { dbPath: db.join('.'), field };
}

/**
 * Resolves a dotted attribute path (`'address.city'`), as used in meta (indexes, shard keys).
 *
 * @example
 * resolveDottedPath(classInfo(User), 'pk'); // { dbPath: '_id', field: ObjectIdField }
 */
export function resolveDottedPath(info: ClassInfo, path: string): ResolvedPath {
  return resolveFieldPath(info, path.split('.'));
}
