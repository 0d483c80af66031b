import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { parseCollation } from '../../../src/query/collation.js';
import { compareValues, valuesEqual } from '../../../src/query/compare.js';
import { compileFilter } from '../../../src/query/match.js';
import { compileSort } from '../../../src/query/sort.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerError) return error.code;
    throw error;
  }
  return undefined;
}

describe('parseCollation', () => {
  it('treats absent and simple as binary', () => {
    expect(parseCollation(undefined)).toBeUndefined();
    expect(parseCollation({ locale: 'simple' })).toBeUndefined();
  });

  it('rejects invalid specs with MongoDB codes', () => {
    expect(codeOf(() => parseCollation({ locale: 'xx_bogus_zz' }))).toBe(2);
    expect(codeOf(() => parseCollation({ locale: 'en', strength: 7 }))).toBe(2);
    expect(codeOf(() => parseCollation({ locale: 'en', caseFirst: 'sideways' }))).toBe(2);
    expect(codeOf(() => parseCollation({}))).toBe(40414);
    expect(codeOf(() => parseCollation({ locale: 'en', colour: 1 }))).toBe(40415);
    expect(codeOf(() => parseCollation({ locale: 'simple', strength: 1 }))).toBe(2);
  });

  it('orders by strength: 1 ignores case and accents, 2 only case, 3 neither', () => {
    const s1 = parseCollation({ locale: 'en', strength: 1 })!.compareStrings;
    const s2 = parseCollation({ locale: 'en_US', strength: 2 })!.compareStrings;
    const s3 = parseCollation({ locale: 'en', strength: 3 })!.compareStrings;
    expect(s1('cafe', 'CAFÉ')).toBe(0);
    expect(s2('cafe', 'CAFE')).toBe(0);
    expect(s2('cafe', 'café')).not.toBe(0);
    expect(s3('cafe', 'Cafe')).not.toBe(0);
  });

  it('supports caseLevel, caseFirst and numericOrdering', () => {
    const caseLevel = parseCollation({ locale: 'en', strength: 1, caseLevel: true })!.compareStrings;
    expect(caseLevel('a', 'A')).not.toBe(0);
    expect(caseLevel('a', 'á')).toBe(0);
    const upper = parseCollation({ locale: 'en', caseFirst: 'upper' })!.compareStrings;
    expect(upper('A', 'a')).toBeLessThan(0);
    const numeric = parseCollation({ locale: 'en', numericOrdering: true })!.compareStrings;
    expect(numeric('10', '9')).toBeGreaterThan(0);
    expect(parseCollation({ locale: 'en' })!.compareStrings('10', '9')).toBeLessThan(0);
  });
});

describe('collation in comparisons, filters and sorts', () => {
  const ci = parseCollation({ locale: 'en', strength: 2 });

  it('threads the string order through compareValues and valuesEqual, keeping binary by default', () => {
    expect(valuesEqual({ a: ['PING'] }, { a: ['ping'] }, ci!.compareStrings)).toBe(true);
    expect(valuesEqual('PING', 'ping')).toBe(false);
    expect(compareValues('B', 'a')).toBeLessThan(0);
    expect(compareValues('B', 'a', ci!.compareStrings)).toBeGreaterThan(0);
  });

  it('matches $eq, $in, $ne and ranges case-insensitively', () => {
    const doc = { x: 'PING', n: new Int32(1) };
    expect(compileFilter({ x: 'ping' }).test(doc)).toBe(false);
    expect(compileFilter({ x: 'ping' }, { collation: ci }).test(doc)).toBe(true);
    expect(
      compileFilter(
        { x: { $in: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'ping'] } },
        { collation: ci },
      ).test(doc),
    ).toBe(true);
    expect(compileFilter({ x: { $ne: 'ping' } }, { collation: ci }).test(doc)).toBe(false);
    expect(compileFilter({ x: { $gte: 'ping', $lte: 'ping' } }, { collation: ci }).test(doc)).toBe(true);
    expect(
      compileFilter({ x: { $elemMatch: { $eq: 'ping' } } }, { collation: ci }).test({ x: ['PING'] }),
    ).toBe(true);
    expect(compileFilter({ x: 'ping' }, { collation: ci }).collation).toBe(ci);
  });

  it('sorts with the collation', () => {
    const docs = [{ s: 'b' }, { s: 'C' }, { s: 'a' }];
    expect([...docs].sort(compileSort({ s: 1 })).map((d) => d.s)).toEqual(['C', 'a', 'b']);
    expect([...docs].sort(compileSort({ s: 1 }, { collation: ci })).map((d) => d.s)).toEqual(['a', 'b', 'C']);
  });
});
