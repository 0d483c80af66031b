import { Int32, Long } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/** Options of {@link IntField}. */
export interface IntFieldOptions extends BaseFieldOptions<number> {
  /** Smallest allowed value, inclusive. */
  readonly min?: number;
  /** Largest allowed value, inclusive. */
  readonly max?: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Reads any BSON/JS integer representation as a number (undefined if it is not numeric). */
function numericOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (raw instanceof Long) return raw.toNumber();
  if (raw instanceof Int32) return raw.value;
  if (
    raw !== null &&
    typeof raw === 'object' &&
    typeof (raw as { valueOf(): unknown }).valueOf() === 'number'
  ) {
    return (raw as { valueOf(): number }).valueOf();
  }
  return undefined;
}

/**
 * A whole number held as a JS `number` (a safe integer). Values in int32 range are stored as
 * int32, larger ones as int64 so they stay integers in MongoDB. Integer strings (`'42'`) are
 * accepted on assignment and in queries.
 *
 * @example
 * const age = new IntField({ min: 0, max: 150 });
 * // User.objects({ age__gte: '18' }) → { age: { $gte: 18 } }
 */
export class IntField<const TOptions extends IntFieldOptions = IntFieldOptions> extends BaseField<
  number,
  TOptions,
  number
> {
  readonly fieldType: string = 'IntField';

  override cast(value: unknown): unknown {
    if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
    if (typeof value === 'bigint' || value instanceof Long || value instanceof Int32) return numericOf(value);
    return value;
  }

  override toMongo(value: unknown): unknown {
    if (typeof value === 'number' && Number.isInteger(value) && (value < INT32_MIN || value > INT32_MAX)) {
      return Long.fromNumber(value);
    }
    return value;
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return numericOf(raw) ?? raw;
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return [this.issue(path, 'type', `${String(value)} could not be converted to int`)];
    }
    if (!Number.isSafeInteger(value)) {
      return [
        this.issue(path, 'type', `${value} is not a safe integer; use LongField for values beyond 2^53`),
      ];
    }
    return rangeIssues(this, value, this.options.min, this.options.max, path);
  }

  protected override expectedType(): string {
    return 'integer';
  }
}

/** Options of {@link LongField}. */
export interface LongFieldOptions extends BaseFieldOptions<bigint> {
  /** Smallest allowed value, inclusive. */
  readonly min?: bigint | number;
  /** Largest allowed value, inclusive. */
  readonly max?: bigint | number;
}

/**
 * A 64-bit integer held as a `bigint` (exact beyond 2^53) and stored as BSON int64 (`Long`).
 * Accepts numbers, bigints, `Long` and integer strings.
 *
 * @example
 * const views = new LongField({ default: 0n });
 * doc.views = 2n ** 60n; // stored as NumberLong("1152921504606846976")
 */
export class LongField<const TOptions extends LongFieldOptions = LongFieldOptions> extends BaseField<
  bigint,
  TOptions,
  bigint | number | Long
> {
  readonly fieldType: string = 'LongField';

  override cast(value: unknown): unknown {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
    if (value instanceof Long) return value.toBigInt();
    if (value instanceof Int32) return BigInt(value.value);
    if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return BigInt(value.trim());
    return value;
  }

  override toMongo(value: unknown): unknown {
    const v = this.cast(value);
    return typeof v === 'bigint' ? Long.fromBigInt(v) : v;
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    if (typeof raw === 'number' && Number.isInteger(raw)) return BigInt(raw);
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (typeof value !== 'bigint')
      return [this.issue(path, 'type', `${String(value)} could not be converted to long`)];
    if (value < INT64_MIN || value > INT64_MAX) {
      return [this.issue(path, 'type', `${value} is outside the 64-bit integer range`)];
    }
    const { min, max } = this.options;
    if (min !== undefined && value < BigInt(min))
      return [this.issue(path, 'min_value', `Long value is too small (${value} < ${min})`)];
    if (max !== undefined && value > BigInt(max))
      return [this.issue(path, 'max_value', `Long value is too large (${value} > ${max})`)];
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    const v = this.cast(value);
    if (typeof v !== 'bigint') throw this.queryError(op, value, 'an integer (bigint, number or Long)');
    return Long.fromBigInt(v);
  }

  protected override expectedType(): string {
    return 'long integer';
  }
}

/** Shared min/max check for numeric fields. */
export function rangeIssues(
  field: { fieldType: string },
  value: number,
  min: number | undefined,
  max: number | undefined,
  path: string,
): ValidationIssue[] {
  const label = field.fieldType.replace(/Field$/, '');
  if (min !== undefined && value < min) {
    return [{ path, code: 'min_value', message: `${label} value is too small (${value} < ${min})` }];
  }
  if (max !== undefined && value > max) {
    return [{ path, code: 'max_value', message: `${label} value is too large (${value} > ${max})` }];
  }
  return [];
}
