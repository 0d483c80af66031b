import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/usage-errors.js';
import {
  GeoPointField,
  LineStringField,
  MultiLineStringField,
  MultiPointField,
  MultiPolygonField,
  PointField,
  PolygonField,
} from '../../../src/fields/geo-fields.js';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);
const square = [
  [
    [0, 0],
    [0, 1],
    [1, 1],
    [1, 0],
    [0, 0],
  ],
];

describe('GeoPointField', () => {
  it('accepts [x, y] pairs and asks for a 2d index', () => {
    const f = new GeoPointField();
    expect(f.indexType).toBe('2d');
    expect(f.validate([1, 2], 'p')).toEqual([]);
    expect(codes(f.validate([1], 'p'))).toEqual(['type']);
    expect(codes(f.validate(['a', 2], 'p'))).toEqual(['type']);
  });
});

describe('GeoJSON fields', () => {
  it('wrap coordinates as GeoJSON and ask for a 2dsphere index unless autoIndex is off', () => {
    const p = new PointField();
    expect(p.toMongo([2.35, 48.85])).toEqual({ type: 'Point', coordinates: [2.35, 48.85] });
    expect(p.indexType).toBe('2dsphere');
    expect(new PointField({ autoIndex: false }).indexType).toBeUndefined();
    expect(new MultiPolygonField().indexType).toBe('2dsphere');
  });

  it('checks structure, ranges and closed rings', () => {
    const p = new PointField();
    expect(p.validate(p.cast([2, 3]), 'loc')).toEqual([]);
    expect(codes(p.validate(p.cast([200, 0]), 'loc'))).toEqual(['geojson']);
    expect(codes(p.validate(p.cast([0, 91]), 'loc'))).toEqual(['geojson']);
    expect(
      codes(
        p.validate(
          {
            type: 'LineString',
            coordinates: [
              [0, 0],
              [1, 1],
            ],
          },
          'loc',
        ),
      ),
    ).toEqual(['type']);
    expect(codes(p.validate('x', 'loc'))).toEqual(['type']);
    const line = new LineStringField();
    expect(
      line.validate(
        line.cast([
          [0, 0],
          [1, 1],
        ]),
        'l',
      ),
    ).toEqual([]);
    expect(codes(line.validate(line.cast([[0, 0]]), 'l'))).toEqual(['geojson']);
    const poly = new PolygonField();
    expect(poly.validate(poly.cast(square), 'a')).toEqual([]);
    const open = [
      [
        [0, 0],
        [0, 1],
        [1, 1],
        [1, 0],
      ],
    ];
    expect(poly.validate(poly.cast(open), 'a')[0]?.message).toMatch(/start and end at the same point/);
    expect(
      new MultiPointField().validate(
        {
          type: 'MultiPoint',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
        'm',
      ),
    ).toEqual([]);
    expect(
      new MultiLineStringField().validate(
        {
          type: 'MultiLineString',
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        },
        'm',
      ),
    ).toEqual([]);
    expect(new MultiPolygonField().validate({ type: 'MultiPolygon', coordinates: [square] }, 'm')).toEqual(
      [],
    );
    expect(
      codes(
        new MultiPolygonField().validate(
          {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [0, 0],
                  [1, 1],
                ],
              ],
            ],
          },
          'm',
        ),
      ),
    ).toEqual(['geojson']);
  });

  it('prepares geo query operands and rejects operator objects', () => {
    const p = new PointField().bind('loc', 'Place');
    expect(p.prepareQueryValue('near', [1, 2])).toEqual([1, 2]);
    expect(p.prepareQueryValue('geo_within', { type: 'Polygon', coordinates: square })).toEqual({
      type: 'Polygon',
      coordinates: square,
    });
    expect(p.prepareQueryValue('max_distance', 100)).toBe(100);
    expect(() => p.prepareQueryValue('max_distance', -1)).toThrow(InvalidQueryError);
    expect(() => p.prepareQueryValue('near', { $where: '1' })).toThrow(InvalidQueryError);
    expect(() => p.prepareQueryValue('geo_within', { type: 'Polygon', coordinates: [[[0, 0]]] })).toThrow(
      /GeoJSON/,
    );
    expect(p.prepareQueryValue(undefined, [1, 2])).toEqual({ type: 'Point', coordinates: [1, 2] });
  });
});
