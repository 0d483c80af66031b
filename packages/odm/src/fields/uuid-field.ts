import { Binary, UUID } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/** Options of {@link UUIDField}. */
export interface UUIDFieldOptions extends BaseFieldOptions<string> {
  /** Store as BSON binary subtype 4 (default) rather than a string. */
  readonly binary?: boolean;
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A UUID held as its canonical lowercase string (`'0f8f…-…'`) and stored as BSON binary subtype 4
 * (or as the string with `binary: false`). Accepts strings with or without dashes and `UUID`.
 *
 * @example
 * const token = new UUIDField({ default: () => crypto.randomUUID() });
 */
export class UUIDField<const TOptions extends UUIDFieldOptions = UUIDFieldOptions> extends BaseField<
  string,
  TOptions,
  string | UUID
> {
  readonly fieldType: string = 'UUIDField';

  override cast(value: unknown): unknown {
    if (value instanceof Binary && value.sub_type === Binary.SUBTYPE_UUID)
      return value.toUUID().toHexString(true);
    if (typeof value === 'string' && UUID_RE.test(value)) return new UUID(value).toHexString(true);
    return value;
  }

  override toMongo(value: unknown): unknown {
    const v = this.cast(value);
    if (typeof v !== 'string' || !UUID_RE.test(v)) return v;
    return this.options.binary === false ? v : new UUID(v);
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    return typeof value === 'string' && UUID_RE.test(value)
      ? []
      : [this.issue(path, 'type', `Could not convert to UUID: ${String(value)}`)];
  }

  protected override expectedType(): string {
    return 'UUID';
  }
}
