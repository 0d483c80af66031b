import { Decimal128, Double, Int32, Long } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import {
  compareDecimal,
  formatDecimal,
  parseDecimal,
  roundDecimal,
  toExactDecimal,
  type ExactDecimal,
  type Rounding,
} from '../util/decimal.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

type DecimalInput = string | number | bigint;

/** Options of {@link DecimalField}. */
export interface DecimalFieldOptions extends BaseFieldOptions<string> {
  /** Smallest allowed value, inclusive, compared exactly as a decimal. */
  readonly min?: DecimalInput;
  /** Largest allowed value, inclusive, compared exactly as a decimal. */
  readonly max?: DecimalInput;
  /** Decimal places kept (default 2). */
  readonly precision?: number;
  /** How values are rounded to `precision` (default `'ROUND_HALF_UP'`). */
  readonly rounding?: Rounding;
  /** Store as a string (exact) instead of a double. */
  readonly forceString?: boolean;
}

function exactOf(value: unknown): ExactDecimal | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return toExactDecimal(value);
  if (value instanceof Decimal128) return parseDecimal(value.toString());
  if (value instanceof Double || value instanceof Int32) return toExactDecimal(value.value);
  if (value instanceof Long) return toExactDecimal(value.toBigInt());
  return undefined;
}

/**
 * A fixed-point decimal held as a string with exactly `precision` decimals (`'12.50'`), so no
 * binary-float error creeps in. Stored as a double by default (as MongoEngine does), or as the
 * exact string with `forceString`.
 *
 * @example
 * const price = new DecimalField({ precision: 2, min: 0 });
 * doc.price = 2.345; // read back as '2.35' (ROUND_HALF_UP)
 */
export class DecimalField<const TOptions extends DecimalFieldOptions = DecimalFieldOptions> extends BaseField<
  string,
  TOptions,
  DecimalInput
> {
  readonly fieldType: string = 'DecimalField';

  /** Decimal places values are rounded to: `options.precision`, default 2. */
  get precision(): number {
    return this.options.precision ?? 2;
  }

  override cast(value: unknown): unknown {
    const exact = exactOf(value);
    if (!exact) return value;
    return formatDecimal(roundDecimal(exact, this.precision, this.options.rounding ?? 'ROUND_HALF_UP'));
  }

  override toMongo(value: unknown): unknown {
    const v = this.cast(value);
    if (typeof v !== 'string') return v;
    return this.options.forceString ? v : new Double(Number(v));
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    const exact = exactOf(value);
    if (!exact) return [this.issue(path, 'type', `Could not convert value to decimal: ${String(value)}`)];
    const { min, max } = this.options;
    const minD = min === undefined ? undefined : toExactDecimal(min);
    const maxD = max === undefined ? undefined : toExactDecimal(max);
    if (minD && compareDecimal(exact, minD) < 0) {
      return [
        this.issue(path, 'min_value', `Decimal value is too small (${String(value)} < ${String(min)})`),
      ];
    }
    if (maxD && compareDecimal(exact, maxD) > 0) {
      return [
        this.issue(path, 'max_value', `Decimal value is too large (${String(value)} > ${String(max)})`),
      ];
    }
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (!exactOf(value)) throw this.queryError(op, value, 'a decimal (string, number or bigint)');
    return this.toMongo(value);
  }

  protected override expectedType(): string {
    return 'decimal';
  }
}

/** Options of {@link Decimal128Field}. */
export interface Decimal128FieldOptions extends BaseFieldOptions<Decimal128> {
  /** Smallest allowed value, inclusive, compared exactly as a decimal. */
  readonly min?: DecimalInput;
  /** Largest allowed value, inclusive, compared exactly as a decimal. */
  readonly max?: DecimalInput;
}

/**
 * A decimal stored as BSON Decimal128 (34 significant digits, compared numerically by MongoDB)
 * and held as the driver's `Decimal128`. Strings, numbers and bigints are converted.
 *
 * @example
 * const balance = new Decimal128Field({ min: 0 });
 * doc.balance = '1234.5678'; // Decimal128('1234.5678')
 */
export class Decimal128Field<
  const TOptions extends Decimal128FieldOptions = Decimal128FieldOptions,
> extends BaseField<Decimal128, TOptions, Decimal128 | DecimalInput> {
  readonly fieldType: string = 'Decimal128Field';

  override cast(value: unknown): unknown {
    if (value instanceof Decimal128) return value;
    const exact = exactOf(value);
    if (!exact) return value;
    try {
      return Decimal128.fromString(formatDecimal(exact));
    } catch {
      return value;
    }
  }

  override toMongo(value: unknown): unknown {
    return this.cast(value);
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!(value instanceof Decimal128)) {
      return [this.issue(path, 'type', `Could not convert value to Decimal128: ${String(value)}`)];
    }
    const exact = parseDecimal(value.toString());
    if (!exact) return [];
    const { min, max } = this.options;
    const minD = min === undefined ? undefined : toExactDecimal(min);
    const maxD = max === undefined ? undefined : toExactDecimal(max);
    if (minD && compareDecimal(exact, minD) < 0) {
      return [
        this.issue(path, 'min_value', `Decimal value is too small (${value.toString()} < ${String(min)})`),
      ];
    }
    if (maxD && compareDecimal(exact, maxD) > 0) {
      return [
        this.issue(path, 'max_value', `Decimal value is too large (${value.toString()} > ${String(max)})`),
      ];
    }
    return [];
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    const x = exactOf(a);
    const y = exactOf(b);
    return x !== undefined && y !== undefined ? compareDecimal(x, y) === 0 : a === b;
  }

  protected override expectedType(): string {
    return 'decimal';
  }
}
