import { describe, expect, it } from 'vitest';
import { EmailField } from '../../../src/fields/email-field.js';
import { StringField } from '../../../src/fields/string-field.js';
import { URLField } from '../../../src/fields/url-field.js';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('StringField', () => {
  it('checks type, lengths and regex', () => {
    const f = new StringField({ minLength: 2, maxLength: 4, regex: /^[a-z]+$/ });
    expect(f.validate('abc', 'n')).toEqual([]);
    expect(codes(f.validate(5, 'n'))).toEqual(['type']);
    expect(codes(f.validate('abcde', 'n'))).toEqual(['max_length']);
    expect(codes(f.validate('a', 'n'))).toEqual(['min_length']);
    expect(codes(f.validate('AB', 'n'))).toEqual(['regex']);
    expect(new StringField({ regex: '^\\d{5}$' }).validate('1234', 'zip')[0]?.code).toBe('regex');
  });

  it('compiles string lookups to escaped regular expressions', () => {
    const f = new StringField().bind('name', 'User');
    expect(f.prepareQueryValue('icontains', 'a.b')).toEqual(/a\.b/i);
    expect(f.prepareQueryValue('startswith', 'Ad')).toEqual(/^Ad/);
    expect(f.prepareQueryValue('iexact', 'ada')).toEqual(/^ada$/i);
    expect(f.prepareQueryValue('endswith', '(x)')).toEqual(/\(x\)$/);
    expect(f.prepareQueryValue('regex', '^a+')).toEqual(/^a+/);
    expect(f.prepareQueryValue(undefined, /x/)).toEqual(/x/);
    expect(f.prepareQueryValue('ne', 'x')).toBe('x');
    expect(() => f.prepareQueryValue('icontains', 3)).toThrow(/expected a string/);
    expect(() => f.prepareQueryValue(undefined, 3)).toThrow(/expected a string/);
    expect(() => f.prepareQueryValue(undefined, ['a'])).toThrow(/expected a string/);
  });
});

describe('URLField', () => {
  const f = new URLField();
  it('accepts common URLs and rejects bad schemes or hosts', () => {
    for (const ok of [
      'http://example.com',
      'https://sub.example.co.uk/a/b?q=1#f',
      'ftp://127.0.0.1:21/x',
      'http://localhost:8080',
    ]) {
      expect(f.validate(ok, 'u'), ok).toEqual([]);
    }
    expect(codes(f.validate('mailto:a@b.c', 'u'))).toEqual(['scheme']);
    expect(codes(f.validate('http://', 'u'))).toEqual(['url']);
    expect(codes(f.validate('http://exa mple.com', 'u'))).toEqual(['url']);
    expect(new URLField({ schemes: ['https'] }).validate('http://example.com', 'u')[0]?.code).toBe('scheme');
  });
});

describe('EmailField', () => {
  it('accepts valid addresses and rejects invalid ones', () => {
    const f = new EmailField();
    for (const ok of [
      'ada@example.com',
      'a.b+c@sub.example.org',
      '"quoted@user"@example.com',
      'x@bücher.de',
    ]) {
      expect(f.validate(ok, 'e'), ok).toEqual([]);
    }
    for (const bad of [
      'ada',
      '@example.com',
      'ada@',
      'a..b@example.com',
      'ada@localhost',
      'ada@[127.0.0.1]',
      'ümlaut@example.com',
    ]) {
      expect(codes(f.validate(bad, 'e')), bad).toEqual(['email']);
    }
  });

  it('supports domainWhitelist, allowIpDomain and allowUtf8User', () => {
    expect(new EmailField({ domainWhitelist: ['localhost'] }).validate('ada@localhost', 'e')).toEqual([]);
    expect(new EmailField({ allowIpDomain: true }).validate('ada@[127.0.0.1]', 'e')).toEqual([]);
    expect(new EmailField({ allowIpDomain: true }).validate('ada@[IPv6:::1]', 'e')).toEqual([]);
    expect(new EmailField({ allowIpDomain: true }).validate('ada@[999.1.1.1]', 'e')[0]?.code).toBe('email');
    expect(new EmailField({ allowUtf8User: true }).validate('ümlaut@example.com', 'e')).toEqual([]);
  });
});
