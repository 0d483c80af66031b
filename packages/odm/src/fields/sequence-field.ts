import { Int32, Long } from 'mongodb';
import { getDb } from '../connection/connection-registry.js';
import { convertDriverError } from '../errors/convert-driver-error.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/** Options of {@link SequenceField}. */
export interface SequenceFieldOptions extends BaseFieldOptions<any> {
  /** Collection holding the counters (default `mongoengine.counters`, shared with MongoEngine). */
  readonly collectionName?: string;
  /** Connection alias of the counter collection (default `'default'`). */
  readonly dbAlias?: string;
  /** Counter name prefix (default: the owning document's collection name). */
  readonly sequenceName?: string;
  /** Turns the counter value into the stored value (default: the number itself). */
  readonly valueDecorator?: (next: number) => unknown;
}

/** The value type: the decorator's result, else number. */
export type SequenceValue<TOptions> = TOptions extends {
  /** The declared decorator; its return type is the value type. */
  readonly valueDecorator: (next: number) => infer R;
}
  ? R
  : number;

/**
 * An auto-incrementing value. The document fills it on save when it is unset, by an atomic
 * `findOneAndUpdate({ _id: '<sequence>.<field>' }, { $inc: { next: 1 } }, { upsert: true })` on
 * the counter collection, so concurrent saves never get the same number.
 *
 * @example
 * const number = new SequenceField();                                  // 1, 2, 3…
 * const code = new SequenceField({ valueDecorator: (n) => `INV-${n}` }); // 'INV-1'…
 */
export class SequenceField<
  const TOptions extends SequenceFieldOptions = SequenceFieldOptions,
> extends BaseField<SequenceValue<TOptions>, TOptions & BaseFieldOptions<SequenceValue<TOptions>>> {
  readonly fieldType: string = 'SequenceField';
  override readonly autoGenerate: boolean = true;
  /** The owning document's collection name, set by the document layer (default sequence name). */
  ownerCollection: string | undefined;

  constructor(options?: TOptions) {
    super(options as TOptions & BaseFieldOptions<SequenceValue<TOptions>>);
  }

  /** Counter document id: `<sequenceName>.<fieldName>`. */
  get counterId(): string {
    const seq = this.options.sequenceName ?? this.ownerCollection ?? this.ownerName.toLowerCase();
    return `${seq}.${this.name}`;
  }

  private counters() {
    return getDb(this.options.dbAlias ?? 'default').collection<{ _id: string; next: number }>(
      this.options.collectionName ?? 'mongoengine.counters',
    );
  }

  private decorate(n: number): SequenceValue<TOptions> {
    const d = this.options.valueDecorator;
    return (d ? d(n) : n) as SequenceValue<TOptions>;
  }

  /** Increments the counter atomically and returns the new (decorated) value. */
  async generate(): Promise<SequenceValue<TOptions>> {
    try {
      const doc = await this.counters().findOneAndUpdate(
        { _id: this.counterId },
        { $inc: { next: 1 } },
        { upsert: true, returnDocument: 'after' },
      );
      return this.decorate(toNumber(doc?.next) ?? 1);
    } catch (error) {
      throw convertDriverError(error);
    }
  }

  /** The value the next `generate()` would return, without incrementing. */
  async getNextValue(): Promise<SequenceValue<TOptions>> {
    const doc = await this.counters().findOne({ _id: this.counterId });
    return this.decorate((toNumber(doc?.next) ?? 0) + 1);
  }

  /** Sets the counter so the next `generate()` returns `value + 1`. */
  async setNextValue(value: number): Promise<void> {
    await this.counters().updateOne({ _id: this.counterId }, { $set: { next: value } }, { upsert: true });
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    // The stored value is already decorated; only unwrap BSON integers.
    return toNumber(raw) ?? raw;
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (this.options.valueDecorator) return [];
    return typeof value === 'number' && Number.isInteger(value)
      ? []
      : [this.issue(path, 'type', `${String(value)} is not a sequence number`)];
  }
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (raw instanceof Long) return raw.toNumber();
  if (raw instanceof Int32) return raw.value;
  return undefined;
}
