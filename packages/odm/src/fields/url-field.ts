import type { ValidationIssue } from '../errors/validation-error.js';
import { StringField, type StringFieldOptions } from './string-field.js';

/** Options of {@link URLField}. */
export interface URLFieldOptions extends StringFieldOptions {
  /** Replaces the built-in URL check. */
  readonly urlRegex?: RegExp;
  /** Allowed schemes (default `http`, `https`, `ftp`, `ftps`). */
  readonly schemes?: readonly string[];
}

const DEFAULT_SCHEMES = ['http', 'https', 'ftp', 'ftps'];
// Host: a domain name, `localhost`, an IPv4 address or a bracketed IPv6 address; then an optional port and path.
const URL_BODY =
  /^\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]+)\.?|localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/**
 * A string that must be a URL with one of the allowed schemes.
 *
 * @example
 * const homepage = new URLField({ schemes: ['https'] });
 */
export class URLField<
  const TOptions extends URLFieldOptions = URLFieldOptions,
> extends StringField<TOptions> {
  override readonly fieldType: string = 'URLField';

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    const issues = super.validateValue(value, path);
    if (issues.length > 0 || typeof value !== 'string') return issues;
    const colon = value.indexOf(':');
    const scheme = colon > 0 ? value.slice(0, colon).toLowerCase() : '';
    const schemes = this.options.schemes ?? DEFAULT_SCHEMES;
    if (!schemes.includes(scheme)) {
      return [this.issue(path, 'scheme', `Invalid scheme ${JSON.stringify(scheme)} in URL: ${value}`)];
    }
    const re = this.options.urlRegex;
    const ok = re ? ((re.lastIndex = 0), re.test(value)) : URL_BODY.test(value.slice(colon + 1));
    return ok ? [] : [this.issue(path, 'url', `Invalid URL: ${value}`)];
  }
}
