import type { ValidationIssue } from '../../../src/errors/validation-error.js';
import type { FieldContext } from '../../../src/fields/tracked.js';

/** A minimal embedded class satisfying fields/embedded-protocol.ts, for field tests. */
export class FakeAddress {
  static readonly _className: string = 'FakeAddress';
  parent: FieldContext | undefined;
  city: string | undefined;

  constructor(values: { city?: string } = {}) {
    this.city = values.city;
  }

  static fromMongo(raw: Record<string, unknown>, parent: FieldContext): FakeAddress {
    const a = new FakeAddress({ city: raw['city'] as string });
    a._setParent(parent);
    return a;
  }

  toMongo(): Record<string, unknown> {
    return this.city === undefined ? {} : { city: this.city };
  }

  _validateIssues(path: string): ValidationIssue[] {
    return this.city ? [] : [{ path: `${path}.city`, code: 'required', message: 'Field is required' }];
  }

  _setParent(parent: FieldContext | undefined): void {
    this.parent = parent;
  }

  /** Reports an attribute change the way a document would. */
  setCity(city: string): void {
    this.city = city;
    this.parent?.sink?.markChanged(`${this.parent.path}.city`);
  }
}
