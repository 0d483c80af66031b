import { describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { defaultIndexName, parseIndexSpec, sameIndexOptions } from '../../../src/storage/index-definition.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ServerError ? error.code : -1;
  }
  return undefined;
}

describe('index definitions', () => {
  it('generates MongoDB index names', () => {
    expect(defaultIndexName({ a: 1, b: -1 })).toBe('a_1_b_-1');
    expect(defaultIndexName({ body: 'text' })).toBe('body_text');
  });
  it('parses options into the listIndexes spec', () => {
    const def = parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true, background: true });
    expect(def.unique).toBe(true);
    expect(def.spec).toEqual({ v: 2, key: { email: 1 }, name: 'email_1', unique: true });
  });
  it('accepts special index types as metadata', () => {
    expect(parseIndexSpec({ key: { loc: '2dsphere' }, name: 'loc_2dsphere' }).special).toBe(true);
    expect(parseIndexSpec({ key: { h: 'hashed' }, name: 'h_hashed' }).special).toBe(true);
  });
  it('rejects bad specs with MongoDB codes', () => {
    expect(codeOf(() => parseIndexSpec({ key: {}, name: 'x' }))).toBe(67);
    expect(codeOf(() => parseIndexSpec({ key: { a: 0 }, name: 'x' }))).toBe(67);
    expect(codeOf(() => parseIndexSpec({ key: { a: 'nope' }, name: 'x' }))).toBe(67);
    expect(codeOf(() => parseIndexSpec({ key: { a: 1 }, name: 'x', bogus: 1 }))).toBe(197);
  });
  it('compares options', () => {
    const a = parseIndexSpec({ key: { a: 1 }, name: 'a_1' });
    const b = parseIndexSpec({ key: { a: 1 }, name: 'a_1', unique: true });
    expect(sameIndexOptions(a, a)).toBe(true);
    expect(sameIndexOptions(a, b)).toBe(false);
  });
});
