import { Double, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../../src/query/match.js';
import { extractNear, nearestFirst, nearMode } from '../../../../src/query/geo/near-query.js';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

describe('$geoWithin', () => {
  it('matches GeoJSON and legacy points inside a $geometry polygon (no index needed)', () => {
    const f = compileFilter({ loc: { $geoWithin: { $geometry: square } } });
    expect(f.test({ loc: { type: 'Point', coordinates: [5, 5] } })).toBe(true);
    expect(f.test({ loc: [new Double(5), new Int32(5)] })).toBe(true);
    expect(f.test({ loc: { type: 'Point', coordinates: [15, 5] } })).toBe(false);
    expect(
      f.test({
        loc: {
          type: 'LineString',
          coordinates: [
            [1, 1],
            [9, 9],
          ],
        },
      }),
    ).toBe(true);
    expect(
      f.test({
        loc: {
          type: 'LineString',
          coordinates: [
            [1, 1],
            [19, 9],
          ],
        },
      }),
    ).toBe(false);
    expect(f.test({ other: 1 })).toBe(false);
    expect(
      f.test({
        loc: [
          [20, 20],
          [5, 5],
        ],
      }),
    ).toBe(true); // one of several locations
  });

  it('supports MultiPolygon regions', () => {
    const f = compileFilter({
      loc: {
        $geoWithin: {
          $geometry: {
            type: 'MultiPolygon',
            coordinates: [
              square.coordinates,
              [
                [
                  [20, 20],
                  [30, 20],
                  [30, 30],
                  [20, 30],
                  [20, 20],
                ],
              ],
            ],
          },
        },
      },
    });
    expect(f.test({ loc: [25, 25] })).toBe(true);
    expect(f.test({ loc: [15, 15] })).toBe(false);
  });

  it('implements the legacy planar shapes and $centerSphere', () => {
    expect(
      compileFilter({
        p: {
          $geoWithin: {
            $box: [
              [0, 0],
              [2, 2],
            ],
          },
        },
      }).test({ p: [2, 1] }),
    ).toBe(true);
    expect(
      compileFilter({
        p: {
          $geoWithin: {
            $box: [
              [0, 0],
              [2, 2],
            ],
          },
        },
      }).test({ p: [3, 1] }),
    ).toBe(false);
    // Flat shapes contain single points only (GeoJSON or legacy), never lines, as in MongoDB.
    const box = compileFilter({
      p: {
        $geoWithin: {
          $box: [
            [0, 0],
            [2, 2],
          ],
        },
      },
    });
    expect(box.test({ p: { type: 'Point', coordinates: [1, 1] } })).toBe(true);
    expect(
      box.test({
        p: {
          type: 'LineString',
          coordinates: [
            [0.5, 0.5],
            [1, 1],
          ],
        },
      }),
    ).toBe(false);
    expect(compileFilter({ p: { $within: { $center: [[0, 0], 5] } } }).test({ p: [3, 4] })).toBe(true);
    expect(compileFilter({ p: { $geoWithin: { $center: [[0, 0], 5] } } }).test({ p: [3, 4.1] })).toBe(false);
    const tri = compileFilter({
      p: {
        $geoWithin: {
          $polygon: [
            [0, 0],
            [4, 0],
            [0, 4],
          ],
        },
      },
    });
    expect(tri.test({ p: [1, 1] })).toBe(true);
    expect(tri.test({ p: [3, 3] })).toBe(false);
    // 1° of arc is π/180 radians: (0, 0.99) is inside, (0, 1.01) is not.
    const cap = compileFilter({ p: { $geoWithin: { $centerSphere: [[0, 0], Math.PI / 180] } } });
    expect(cap.test({ p: [0, 0.99] })).toBe(true);
    expect(cap.test({ p: { type: 'Point', coordinates: [0, 1.01] } })).toBe(false);
  });

  it('rejects invalid shapes with BadValue', () => {
    expect(() =>
      compileFilter({ loc: { $geoWithin: { $geometry: { type: 'Point', coordinates: [0, 0] } } } }),
    ).toThrow(/not supported/);
    expect(() =>
      compileFilter({
        loc: {
          $geoWithin: {
            $geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          },
        },
      }),
    ).toThrow(expect.objectContaining({ code: 2 }));
    expect(() =>
      compileFilter({
        loc: {
          $geoWithin: {
            $polygon: [
              [0, 0],
              [1, 1],
            ],
          },
        },
      }),
    ).toThrow(/at least 3/);
    expect(() => compileFilter({ loc: { $geoWithin: { $square: 1 } } })).toThrow(
      expect.objectContaining({ code: 2 }),
    );
  });
});

describe('$geoIntersects', () => {
  const f = (geometry: object) => compileFilter({ g: { $geoIntersects: { $geometry: geometry } } });
  it('intersects points, lines and polygons (touching counts)', () => {
    const poly = f(square);
    expect(
      poly.test({
        g: {
          type: 'LineString',
          coordinates: [
            [-5, 5],
            [5, 5],
          ],
        },
      }),
    ).toBe(true);
    expect(
      poly.test({
        g: {
          type: 'LineString',
          coordinates: [
            [-5, 5],
            [-1, 5],
          ],
        },
      }),
    ).toBe(false);
    expect(
      poly.test({
        g: {
          type: 'Polygon',
          coordinates: [
            [
              [-5, -5],
              [20, -5],
              [20, 20],
              [-5, 20],
              [-5, -5],
            ],
          ],
        },
      }),
    ).toBe(true);
    expect(poly.test({ g: { type: 'Point', coordinates: [10, 5] } })).toBe(true);
    expect(
      poly.test({
        g: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Point', coordinates: [50, 50] },
            { type: 'Point', coordinates: [1, 1] },
          ],
        },
      }),
    ).toBe(true);
    const line = f({
      type: 'LineString',
      coordinates: [
        [0, -1],
        [0, 1],
      ],
    });
    expect(
      line.test({
        g: {
          type: 'LineString',
          coordinates: [
            [-1, 0],
            [1, 0],
          ],
        },
      }),
    ).toBe(true);
    expect(
      line.test({
        g: {
          type: 'LineString',
          coordinates: [
            [-1, 2],
            [1, 2],
          ],
        },
      }),
    ).toBe(false);
    expect(line.test({ g: [0, 0.5] })).toBe(true);
    const point = f({ type: 'Point', coordinates: [5, 5] });
    expect(point.test({ g: square })).toBe(true);
    expect(
      point.test({
        g: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [20, 20],
                [30, 20],
                [30, 30],
                [20, 30],
                [20, 20],
              ],
            ],
          ],
        },
      }),
    ).toBe(false);
  });
});

describe('$near outside a find', () => {
  it('is refused by plain filters and nested positions', () => {
    expect(() => compileFilter({ loc: { $near: [0, 0] } })).toThrow(
      expect.objectContaining({ code: 5626500 }),
    );
    expect(() => extractNear({ $or: [{ loc: { $near: [0, 0] } }, { a: 1 }] })).toThrow(/top-level/);
    expect(() => extractNear({ a: { $elemMatch: { loc: { $nearSphere: [0, 0] } } } })).toThrow(/top-level/);
    expect(() => extractNear({ a: { $near: [0, 0] }, b: { $near: [1, 1] } })).toThrow(/Too many/);
    expect(() => compileFilter({ loc: { $maxDistance: 3 } })).toThrow(expect.objectContaining({ code: 2 }));
  });

  it('splits the near clause from the rest and orders by distance within bounds', () => {
    const split = extractNear({
      $and: [{ loc: { $near: [0, 0], $maxDistance: 3, $exists: true } }],
      kind: 'x',
    });
    expect(split?.rest).toEqual({ $and: [{ loc: { $exists: true } }], kind: 'x' });
    const near = split?.near;
    if (!near) throw new Error('near expected');
    expect(near).toMatchObject({ path: 'loc', point: [0, 0], geoJson: false, maxDistance: 3 });
    expect(nearMode(near, ['2d'])).toBe('planar');
    expect(nearMode(near, ['2dsphere'])).toBe('radians');
    expect(() => nearMode(near, [])).toThrow(expect.objectContaining({ code: 291 }));
    const docs = [{ _id: 1, loc: [2, 2] }, { _id: 2, loc: [1, 0] }, { _id: 3, loc: [5, 0] }, { _id: 4 }];
    expect(nearestFirst(docs, near, 'planar').map((h) => [h.doc['_id'], h.distance])).toEqual([
      [2, 1],
      [1, Math.SQRT2 * 2],
    ]);
  });
});
