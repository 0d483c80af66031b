import type { ValidationIssue } from '../errors/validation-error.js';
import { describeValue } from '../util/describe-value.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

type EnumScalar = string | number;
/** An `as const` object (its values are the members) or a list of the member values. */
export type EnumSource = Readonly<Record<string, EnumScalar>> | readonly EnumScalar[];
/** The member values of an {@link EnumSource}. */
export type EnumValue<E extends EnumSource> = E extends readonly (infer V)[] ? V : E[keyof E];

/**
 * One value of a fixed set, given as an `as const` object or array; the value itself is stored.
 * `choices` may narrow the set further.
 *
 * @example
 * const Status = { New: 'new', Done: 'done' } as const;
 * const status = new EnumField(Status, { default: Status.New }); // holds 'new' | 'done'
 */
export class EnumField<
  const E extends EnumSource,
  const TOptions extends BaseFieldOptions<EnumValue<E>> = BaseFieldOptions<EnumValue<E>>,
> extends BaseField<EnumValue<E>, TOptions> {
  readonly fieldType: string = 'EnumField';
  /** The allowed values. */
  readonly values: readonly EnumValue<E>[];

  constructor(source: E, options?: TOptions) {
    super(options);
    this.values = (Array.isArray(source) ? [...source] : Object.values(source)) as EnumValue<E>[];
    const choices = this.choiceValues;
    if (choices && choices.some((c) => !this.values.includes(c as EnumValue<E>))) {
      throw new TypeError(
        `EnumField choices must be a subset of the enum values ${describeValue(this.values)}.`,
      );
    }
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    return this.values.includes(value as EnumValue<E>)
      ? []
      : [this.issue(path, 'type', `Value must be one of ${describeValue(this.values)}`)];
  }

  protected override expectedType(): string {
    return `enum (${this.values.map(String).join(', ')})`;
  }
}
