import type { ValidationIssue } from '../errors/validation-error.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/**
 * `true` or `false`; nothing else is accepted (no truthiness coercion).
 *
 * @example
 * const active = new BooleanField({ default: true });
 */
export class BooleanField<
  const TOptions extends BaseFieldOptions<boolean> = BaseFieldOptions<boolean>,
> extends BaseField<boolean, TOptions> {
  readonly fieldType: string = 'BooleanField';

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    return typeof value === 'boolean'
      ? []
      : [this.issue(path, 'type', 'BooleanField only accepts boolean values')];
  }

  protected override expectedType(): string {
    return 'boolean';
  }
}
