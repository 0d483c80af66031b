import { ObjectId } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/**
 * A BSON ObjectId. 24-character hex strings are converted on assignment and in queries.
 *
 * @example
 * const owner = new ObjectIdField();
 * // Item.objects({ owner: '64b7f0c2a1b2c3d4e5f60718' }) → { owner: ObjectId('64b7…') }
 */
export class ObjectIdField<
  const TOptions extends BaseFieldOptions<ObjectId> = BaseFieldOptions<ObjectId>,
> extends BaseField<ObjectId, TOptions, ObjectId | string> {
  readonly fieldType: string = 'ObjectIdField';

  override cast(value: unknown): unknown {
    if (typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value)) return new ObjectId(value);
    return value;
  }

  override toMongo(value: unknown): unknown {
    return this.cast(value);
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    return value instanceof ObjectId ? [] : [this.issue(path, 'type', `Invalid ObjectId: ${String(value)}`)];
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    return a instanceof ObjectId && b instanceof ObjectId ? a.equals(b) : a === b;
  }

  protected override expectedType(): string {
    return 'ObjectId';
  }
}
