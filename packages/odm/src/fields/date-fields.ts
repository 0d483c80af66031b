import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

type DateInput = Date | string | number;

/** Options of {@link DateTimeField} and {@link DateField}. */
export interface DateTimeFieldOptions extends BaseFieldOptions<Date> {
  /** Earliest allowed date, inclusive. */
  readonly min?: Date;
  /** Latest allowed date, inclusive. */
  readonly max?: Date;
}

function toDate(value: unknown): unknown {
  if (value instanceof Date) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  return value;
}

/**
 * A point in time, held as a `Date` and stored as a BSON date (millisecond precision).
 * Accepts a `Date`, an ISO-8601 string or epoch milliseconds.
 *
 * @example
 * const created = new DateTimeField({ default: () => new Date() });
 * // Post.objects({ created__gte: '2024-01-01' }) → { created: { $gte: ISODate('2024-01-01T00:00:00Z') } }
 */
export class DateTimeField<
  const TOptions extends DateTimeFieldOptions = DateTimeFieldOptions,
> extends BaseField<Date, TOptions, DateInput> {
  readonly fieldType: string = 'DateTimeField';

  override cast(value: unknown): unknown {
    return toDate(value);
  }

  override toMongo(value: unknown): unknown {
    return this.cast(value);
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      return [this.issue(path, 'type', `Cannot parse date value ${JSON.stringify(String(value))}`)];
    }
    const { min, max } = this.options;
    if (min && value < min) return [this.issue(path, 'min_value', `Date is before ${min.toISOString()}`)];
    if (max && value > max) return [this.issue(path, 'max_value', `Date is after ${max.toISOString()}`)];
    return [];
  }

  protected override expectedType(): string {
    return 'date';
  }
}

/**
 * A calendar date: the time part is dropped (midnight UTC) and it is stored as a BSON date.
 *
 * @example
 * const birthday = new DateField();
 * doc.birthday = '1815-12-10T15:00:00Z'; // Date('1815-12-10T00:00:00.000Z')
 */
export class DateField<
  const TOptions extends DateTimeFieldOptions = DateTimeFieldOptions,
> extends DateTimeField<TOptions> {
  override readonly fieldType: string = 'DateField';

  override cast(value: unknown): unknown {
    const d = toDate(value);
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) return d;
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  }
}

/** Options of {@link ComplexDateTimeField}. */
export interface ComplexDateTimeFieldOptions extends DateTimeFieldOptions {
  /** Separator between the parts of the stored string (default `,`). */
  readonly separator?: string;
}

/**
 * A `Date` stored as the string `YYYY,MM,DD,HH,MM,SS,NNNNNN` (UTC, microsecond slot; JS keeps
 * milliseconds), which sorts and compares lexicographically in time order — MongoEngine's
 * format, for data shared with Python.
 *
 * @example
 * const at = new ComplexDateTimeField();
 * at.toMongo(new Date('2024-05-06T07:08:09.123Z')); // '2024,05,06,07,08,09,123000'
 */
export class ComplexDateTimeField<
  const TOptions extends ComplexDateTimeFieldOptions = ComplexDateTimeFieldOptions,
> extends DateTimeField<TOptions> {
  override readonly fieldType: string = 'ComplexDateTimeField';

  /** Separator between the stored date parts: `options.separator`, default `','`. */
  get separator(): string {
    return this.options.separator ?? ',';
  }

  override cast(value: unknown): unknown {
    if (typeof value === 'string') {
      const parsed = this.parseStored(value);
      if (parsed) return parsed;
    }
    return toDate(value);
  }

  override toMongo(value: unknown): unknown {
    const d = this.cast(value);
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) return d;
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return [
      p(d.getUTCFullYear(), 4),
      p(d.getUTCMonth() + 1),
      p(d.getUTCDate()),
      p(d.getUTCHours()),
      p(d.getUTCMinutes()),
      p(d.getUTCSeconds()),
      p(d.getUTCMilliseconds() * 1000, 6),
    ].join(this.separator);
  }

  private parseStored(text: string): Date | undefined {
    const parts = text.split(this.separator);
    if (parts.length !== 7 || parts.some((x) => !/^\d+$/.test(x))) return undefined;
    const [y, mo, d, h, mi, s, us] = parts.map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(us / 1000)));
  }
}
