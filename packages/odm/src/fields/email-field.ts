import { domainToASCII } from 'node:url';
import { isIP } from 'node:net';
import type { ValidationIssue } from '../errors/validation-error.js';
import { StringField, type StringFieldOptions } from './string-field.js';

/** Options of {@link EmailField}. */
export interface EmailFieldOptions extends StringFieldOptions {
  /** Domains accepted even if they fail the domain check (e.g. `localhost`). */
  readonly domainWhitelist?: readonly string[];
  /** Accept non-ASCII characters in the user part. */
  readonly allowUtf8User?: boolean;
  /** Accept an IP literal as the domain (`user@[192.0.2.1]`). */
  readonly allowIpDomain?: boolean;
}

// Dot-atom or quoted-string user parts, as in RFC 5322 (quoted strings may hold control characters).
/* eslint-disable no-control-regex */
const USER_ASCII =
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0d-\x7f])*")$/i;
const USER_UTF8 =
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Z\u0080-\uFFFF]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z\u0080-\uFFFF]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0d-\x7f])*")$/i;
/* eslint-enable no-control-regex */
const DOMAIN = /^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+(?:[A-Z0-9-]{2,63}(?<!-))\.?$/i;

/**
 * A string that must be an e-mail address. Internationalised domains are checked in their
 * punycode form.
 *
 * @example
 * const email = new EmailField({ unique: true, domainWhitelist: ['localhost'] });
 */
export class EmailField<
  const TOptions extends EmailFieldOptions = EmailFieldOptions,
> extends StringField<TOptions> {
  override readonly fieldType: string = 'EmailField';

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    const issues = super.validateValue(value, path);
    if (issues.length > 0 || typeof value !== 'string') return issues;
    const invalid = [this.issue(path, 'email', `Invalid email address: ${value}`)];
    const at = value.lastIndexOf('@');
    if (at <= 0 || at === value.length - 1) return invalid;
    const user = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (!(this.options.allowUtf8User ? USER_UTF8 : USER_ASCII).test(user)) return invalid;
    if ((this.options.domainWhitelist ?? []).includes(domain.toLowerCase())) return [];
    if (domain.startsWith('[') && domain.endsWith(']')) {
      if (!this.options.allowIpDomain) return invalid;
      const literal = domain.slice(1, -1);
      const ip = literal.toLowerCase().startsWith('ipv6:') ? literal.slice(5) : literal;
      return isIP(ip) !== 0 ? [] : invalid;
    }
    if (DOMAIN.test(domain)) return [];
    // Internationalised domain names: validate the ASCII (punycode) form.
    const ascii = domainToASCII(domain);
    return ascii !== '' && DOMAIN.test(ascii) ? [] : invalid;
  }
}
