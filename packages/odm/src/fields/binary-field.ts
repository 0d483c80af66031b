import { Binary } from 'mongodb';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/** Options of {@link BinaryField}. */
export interface BinaryFieldOptions extends BaseFieldOptions<Uint8Array> {
  /** Largest accepted size in bytes. */
  readonly maxBytes?: number;
}

/**
 * Raw bytes held as a `Uint8Array` (a `Buffer` is one) and stored as BSON binary (subtype 0).
 *
 * @example
 * const thumbnail = new BinaryField({ maxBytes: 64 * 1024 });
 */
export class BinaryField<const TOptions extends BinaryFieldOptions = BinaryFieldOptions> extends BaseField<
  Uint8Array,
  TOptions,
  Uint8Array | Binary
> {
  readonly fieldType: string = 'BinaryField';

  override cast(value: unknown): unknown {
    if (value instanceof Binary) return value.buffer.subarray(0, value.position);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    return value;
  }

  override toMongo(value: unknown): unknown {
    const v = this.cast(value);
    return v instanceof Uint8Array ? new Binary(v) : v;
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!(value instanceof Uint8Array)) {
      return [this.issue(path, 'type', 'BinaryField only accepts Uint8Array, Buffer or Binary values')];
    }
    const max = this.options.maxBytes;
    if (max !== undefined && value.byteLength > max) {
      return [this.issue(path, 'max_bytes', `Binary value is too long (${value.byteLength} > ${max} bytes)`)];
    }
    return [];
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    return a instanceof Uint8Array && b instanceof Uint8Array ? Buffer.compare(a, b) === 0 : a === b;
  }

  protected override expectedType(): string {
    return 'binary';
  }
}
