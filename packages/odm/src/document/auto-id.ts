import type { AnyField } from '../fields/base-field.js';
import { ObjectIdField } from '../fields/object-id-field.js';

/**
 * The automatic primary key of a document class without a `primaryKey` field: an
 * `ObjectIdField` named `id`, stored as `_id` (the driver fills it on insert).
 *
 * @example
 * createAutoIdField('User').dbField; // '_id'
 */
export function createAutoIdField(ownerName: string): AnyField {
  return new ObjectIdField({ dbField: '_id' }).bind('id', ownerName);
}
