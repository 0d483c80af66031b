import { describe, expect, it } from 'vitest';
import { assertGeoKeys, geoIndexKinds, geoIndexOptions } from '../../../src/storage/geo-index.js';
import { parseIndexSpec } from '../../../src/storage/index-definition.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('geo index options', () => {
  it('defaults 2dsphereIndexVersion to 3 and validates 2d options', () => {
    expect(parseIndexSpec({ key: { loc: '2dsphere' } }).spec).toEqual({
      v: 2,
      key: { loc: '2dsphere' },
      name: 'loc_2dsphere',
      '2dsphereIndexVersion': 3,
    });
    expect(
      parseIndexSpec({ key: { loc: '2dsphere' }, '2dsphereIndexVersion': 2 }).spec['2dsphereIndexVersion'],
    ).toBe(2);
    expect(codeOf(() => geoIndexOptions({ loc: '2dsphere' }, { '2dsphereIndexVersion': 4 }))).toBe(67);
    expect(codeOf(() => geoIndexOptions({ p: '2d' }, { bits: 0 }))).toBe(72);
    expect(codeOf(() => geoIndexOptions({ p: '2d' }, { min: 5, max: 5 }))).toBe(72);
    expect(codeOf(() => geoIndexOptions({ p: '2d', q: '2d' }, {}))).toBe(16800);
    expect(geoIndexOptions({ p: '2d', a: 1 }, {})).toEqual({});
  });

  it('lists the geo kinds on a path, skipping hidden indexes', () => {
    const defs = [
      parseIndexSpec({ key: { a: 1, loc: '2dsphere' } }),
      parseIndexSpec({ key: { loc: '2d' } }),
      parseIndexSpec({ key: { other: '2dsphere' }, hidden: true }),
    ];
    expect(geoIndexKinds(defs, 'loc')).toEqual(['2dsphere', '2d']);
    expect(geoIndexKinds(defs, 'other')).toEqual([]);
  });
});

describe('assertGeoKeys', () => {
  const sphere = parseIndexSpec({ key: { loc: '2dsphere' } });
  const flat = parseIndexSpec({ key: { p: '2d' } });
  it('accepts valid, missing and null locations', () => {
    expect(() => assertGeoKeys(sphere, { loc: { type: 'Point', coordinates: [1, 2] } })).not.toThrow();
    expect(() =>
      assertGeoKeys(sphere, {
        loc: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).not.toThrow();
    expect(() => assertGeoKeys(sphere, { loc: null })).not.toThrow();
    expect(() => assertGeoKeys(sphere, {})).not.toThrow();
    expect(() => assertGeoKeys(flat, { p: [179, -180] })).not.toThrow();
  });

  it('raises 16755 for invalid GeoJSON or values, 13027/13026 for 2d', () => {
    expect(codeOf(() => assertGeoKeys(sphere, { loc: { type: 'Point', coordinates: [0, 95] } }))).toBe(16755);
    expect(codeOf(() => assertGeoKeys(sphere, { loc: 'here' }))).toBe(16755);
    expect(codeOf(() => assertGeoKeys(sphere, { loc: [200, 0] }))).toBe(16755);
    expect(codeOf(() => assertGeoKeys(flat, { p: [180, 0] }))).toBe(13027);
    expect(codeOf(() => assertGeoKeys(flat, { p: 'x' }))).toBe(13026);
  });
});
