import { MongoEngineError } from './mongo-engine-error.js';

/** One validation problem: where (attribute path, e.g. `addresses.2.zip`), what kind, and why. */
export interface ValidationIssue {
  /** Dotted attribute path of the bad value (e.g. `addresses.2.zip`); `''` for a whole-document issue. */
  readonly path: string;
  /** A stable machine-readable code, e.g. `required`, `type`, `max_length`, `choices`, `regex`. */
  readonly code: string;
  /** Human-readable explanation, e.g. `String value is too long (60 > 50)`. */
  readonly message: string;
}

/** Key under which errors from `clean()` (not tied to one field) are reported, as in MongoEngine. */
export const NON_FIELD_ERRORS = '__all__';

/** A nested `path → message` tree as returned by {@link ValidationError.toDict}. */
export interface ValidationErrorDict {
  [key: string]: string | ValidationErrorDict;
}

/**
 * Every problem found while validating a document, collected into one error.
 *
 * @example
 * try { await new User({ name: '', age: -1 }).save(); }
 * catch (e) {
 *   if (e instanceof ValidationError) e.issues; // [{ path: 'name', code: 'required', … }, { path: 'age', code: 'min_value', … }]
 * }
 */
export class ValidationError extends MongoEngineError {
  /** Every problem found, in the order the fields were checked. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: { summary?: string; cause?: unknown }) {
    super(ValidationError.formatMessage(issues, options?.summary), { cause: options?.cause });
    this.issues = issues;
  }

  /** The issues as a nested object keyed by path segments, e.g. `{ addresses: { 2: { zip: '…' } } }`. */
  toDict(): ValidationErrorDict {
    const out: ValidationErrorDict = {};
    for (const issue of this.issues) {
      const parts = issue.path === '' ? [NON_FIELD_ERRORS] : issue.path.split('.');
      let node = out;
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i]!;
        const next = node[key];
        if (typeof next === 'object') {
          node = next;
        } else {
          // A message already sits here (the parent failed as a whole): keep it under `__all__`.
          const created: ValidationErrorDict = typeof next === 'string' ? { [NON_FIELD_ERRORS]: next } : {};
          node[key] = created;
          node = created;
        }
      }
      const last = parts[parts.length - 1]!;
      const existing = node[last];
      if (typeof existing === 'object') existing[NON_FIELD_ERRORS] = issue.message;
      else node[last] = existing === undefined ? issue.message : `${existing}; ${issue.message}`;
    }
    return out;
  }

  private static formatMessage(issues: readonly ValidationIssue[], summary?: string): string {
    const head = summary ?? 'ValidationError';
    if (issues.length === 0) return head;
    const lines = issues.map((i) => `  - ${i.path || NON_FIELD_ERRORS}: ${i.message} (${i.code})`);
    return `${head}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
  }
}
