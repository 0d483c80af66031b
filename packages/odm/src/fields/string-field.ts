import type { ValidationIssue } from '../errors/validation-error.js';
import { escapeRegex } from '../util/escape-regex.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';

/** Options of {@link StringField}. */
export interface StringFieldOptions extends BaseFieldOptions<string> {
  /** The whole value must match (a string is compiled with `new RegExp`). */
  readonly regex?: RegExp | string;
  /** Minimum length in UTF-16 code units (`value.length`), inclusive. */
  readonly minLength?: number;
  /** Maximum length in UTF-16 code units (`value.length`), inclusive. */
  readonly maxLength?: number;
}

/** MongoEngine's string lookups, compiled to regular expressions. */
const STRING_OPS: Readonly<Record<string, (text: string) => RegExp>> = {
  exact: (t) => new RegExp(`^${escapeRegex(t)}$`),
  iexact: (t) => new RegExp(`^${escapeRegex(t)}$`, 'i'),
  contains: (t) => new RegExp(escapeRegex(t)),
  icontains: (t) => new RegExp(escapeRegex(t), 'i'),
  startswith: (t) => new RegExp(`^${escapeRegex(t)}`),
  istartswith: (t) => new RegExp(`^${escapeRegex(t)}`, 'i'),
  endswith: (t) => new RegExp(`${escapeRegex(t)}$`),
  iendswith: (t) => new RegExp(`${escapeRegex(t)}$`, 'i'),
  wholeword: (t) => new RegExp(`\\b${escapeRegex(t)}\\b`),
  iwholeword: (t) => new RegExp(`\\b${escapeRegex(t)}\\b`, 'i'),
  regex: (t) => new RegExp(t),
  iregex: (t) => new RegExp(t, 'i'),
};

/**
 * A string, optionally constrained by length and a regular expression. String lookups
 * (`name__icontains: 'ad'`) compile to regular expressions with the input escaped.
 *
 * @example
 * const name = new StringField({ required: true, maxLength: 50 });
 * // User.objects({ name__istartswith: 'a' }) → { name: /^a/i }
 */
export class StringField<const TOptions extends StringFieldOptions = StringFieldOptions> extends BaseField<
  string,
  TOptions
> {
  readonly fieldType: string = 'StringField';
  private readonly compiledRegex: RegExp | undefined;

  constructor(options?: TOptions) {
    super(options);
    const r = this.options.regex;
    this.compiledRegex = r === undefined ? undefined : typeof r === 'string' ? new RegExp(r) : r;
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (typeof value !== 'string')
      return [this.issue(path, 'type', 'StringField only accepts string values')];
    const { minLength, maxLength } = this.options;
    const issues: ValidationIssue[] = [];
    if (maxLength !== undefined && value.length > maxLength) {
      issues.push(
        this.issue(path, 'max_length', `String value is too long (${value.length} > ${maxLength})`),
      );
    }
    if (minLength !== undefined && value.length < minLength) {
      issues.push(
        this.issue(path, 'min_length', `String value is too short (${value.length} < ${minLength})`),
      );
    }
    if (this.compiledRegex && !matchesWhole(this.compiledRegex, value)) {
      issues.push(
        this.issue(
          path,
          'regex',
          `String value did not match validation regex ${String(this.compiledRegex)}`,
        ),
      );
    }
    return issues;
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    // A RegExp cannot come from JSON input, so it is an intentional pattern query, not an injection.
    if (value instanceof RegExp) return value;
    const compile = op === undefined ? undefined : STRING_OPS[op];
    if (compile) {
      if (typeof value !== 'string') throw this.queryError(op, value, 'a string');
      return compile(value);
    }
    if (typeof value !== 'string') throw this.queryError(op, value, 'a string');
    return value;
  }

  protected override expectedType(): string {
    return 'string';
  }
}

/** Tests that `re` matches (stateless for /g and /y regexes). */
function matchesWhole(re: RegExp, value: string): boolean {
  re.lastIndex = 0;
  return re.test(value);
}
