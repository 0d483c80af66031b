import { Decimal128, Double, Int32, Long } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';
import { rangeIssues } from './int-field.js';

/** Options of {@link FloatField}. */
export interface FloatFieldOptions extends BaseFieldOptions<number> {
  /** Smallest allowed value, inclusive. */
  readonly min?: number;
  /** Largest allowed value, inclusive. */
  readonly max?: number;
}

/**
 * A floating-point number, always stored as BSON double (so `1` is stored as `1.0`, not int32).
 * Numeric strings are accepted on assignment and in queries.
 *
 * @example
 * const price = new FloatField({ min: 0 });
 */
export class FloatField<const TOptions extends FloatFieldOptions = FloatFieldOptions> extends BaseField<
  number,
  TOptions,
  number
> {
  readonly fieldType: string = 'FloatField';

  override cast(value: unknown): unknown {
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    if (value instanceof Double || value instanceof Int32) return value.value;
    if (value instanceof Long) return value.toNumber();
    if (value instanceof Decimal128) return Number(value.toString());
    if (typeof value === 'bigint') return Number(value);
    return value;
  }

  override toMongo(value: unknown): unknown {
    return typeof value === 'number' ? new Double(value) : value;
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      return [this.issue(path, 'type', `${String(value)} could not be converted to float`)];
    }
    return rangeIssues(this, value, this.options.min, this.options.max, path);
  }

  protected override expectedType(): string {
    return 'number';
  }
}
