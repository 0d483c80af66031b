import { describe, expect, it } from 'vitest';
import { ServerError } from '../../../../src/errors.js';
import { parseGeoJson, storedGeometry } from '../../../../src/query/geo/geometry.js';
import { polygonContainsPoint } from '../../../../src/query/geo/spherical-relations.js';
import { toVec } from '../../../../src/query/geo/sphere.js';

function badValue(fn: () => unknown, text: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe(2);
    expect((error as ServerError).message).toContain(text);
    return;
  }
  throw new Error('expected a BadValue');
}

describe('parseGeoJson validation', () => {
  it('rejects malformed geometries with BadValue', () => {
    badValue(
      () => parseGeoJson({ type: 'Point', coordinates: [200, 0] }),
      'longitude/latitude is out of bounds',
    );
    badValue(() => parseGeoJson({ type: 'Point', coordinates: [0, 91] }), 'out of bounds');
    badValue(() => parseGeoJson({ type: 'Point', coordinates: ['a', 1] }), 'numeric');
    badValue(
      () =>
        parseGeoJson({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        }),
      'Loop is not closed',
    );
    badValue(
      () =>
        parseGeoJson({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        }),
      'at least 4 vertices',
    );
    badValue(
      () =>
        parseGeoJson({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [2, 2],
              [2, 0],
              [0, 2],
              [0, 0],
            ],
          ],
        }),
      'Edges',
    );
    badValue(() => parseGeoJson({ type: 'Circle', coordinates: [0, 0] }), 'unknown GeoJSON type');
    badValue(() => parseGeoJson({ type: 'LineString', coordinates: [[0, 0]] }), 'at least 2 vertices');
    badValue(
      () =>
        parseGeoJson({
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
              [0, 0],
            ],
            [
              [5, 5],
              [6, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        }),
      'secondary loops must be holes',
    );
  });

  it('accepts legacy pairs as stored points, GeoJSON with holes and collections', () => {
    expect(storedGeometry([1, 2])?.legacy).toBe(true);
    expect(storedGeometry({ x: 1, y: 2 })?.parts[0]).toMatchObject({ kind: 'point', coord: [1, 2] });
    const withHole = parseGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [6, 4],
          [6, 6],
          [4, 6],
          [4, 4],
        ],
      ],
    });
    const poly = withHole.parts[0];
    if (poly?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(poly, toVec(2, 2))).toBe(true);
    expect(polygonContainsPoint(poly, toVec(5, 5))).toBe(false);
    expect(
      parseGeoJson({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [0, 0] }] })
        .parts,
    ).toHaveLength(1);
  });
});

describe('spherical point-in-polygon', () => {
  // A box around Fiji that crosses the antimeridian (177°E … 178°W).
  const fiji = parseGeoJson({
    type: 'Polygon',
    coordinates: [
      [
        [177, -19],
        [-178, -19],
        [-178, -16],
        [177, -16],
        [177, -19],
      ],
    ],
  }).parts[0];
  it('handles a polygon crossing the antimeridian', () => {
    if (fiji?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(fiji, toVec(178.44, -18.14))).toBe(true); // Suva
    expect(polygonContainsPoint(fiji, toVec(-179.5, -17))).toBe(true); // east of the antimeridian
    expect(polygonContainsPoint(fiji, toVec(0, -17))).toBe(false);
    expect(polygonContainsPoint(fiji, toVec(175, -17))).toBe(false);
  });

  it('takes the smaller region whatever the winding, unless strict winding asks for the big one', () => {
    const clockwise = parseGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      ],
    }).parts[0];
    if (clockwise?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(clockwise, toVec(0.5, 0.5))).toBe(true);
    expect(polygonContainsPoint(clockwise, toVec(50, 50))).toBe(false);
    const big = parseGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      ],
      crs: { type: 'name', properties: { name: 'urn:x-mongodb:crs:strictwinding:EPSG:4326' } },
    }).parts[0];
    if (big?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(big, toVec(0.5, 0.5))).toBe(false);
    expect(polygonContainsPoint(big, toVec(50, 50))).toBe(true);
  });

  it('handles a ring around the north pole (edges near the pole)', () => {
    const polar = parseGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [0, 80],
          [90, 80],
          [180, 80],
          [-90, 80],
          [0, 80],
        ],
      ],
    }).parts[0];
    if (polar?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(polar, toVec(0, 90))).toBe(true);
    expect(polygonContainsPoint(polar, toVec(45, 85))).toBe(true);
    expect(polygonContainsPoint(polar, toVec(45, 70))).toBe(false);
    expect(polygonContainsPoint(polar, toVec(0, -90))).toBe(false);
  });

  it('uses geodesic edges: a point just poleward of a long east-west edge is inside', () => {
    // Edge from (-60, 60) to (60, 60) runs north of the 60th parallel; (0, 61) is south of the geodesic.
    const cap = parseGeoJson({
      type: 'Polygon',
      coordinates: [
        [
          [-60, 60],
          [60, 60],
          [60, 80],
          [-60, 80],
          [-60, 60],
        ],
      ],
    }).parts[0];
    if (cap?.kind !== 'polygon') throw new Error('polygon expected');
    expect(polygonContainsPoint(cap, toVec(0, 61))).toBe(false);
    expect(polygonContainsPoint(cap, toVec(0, 75))).toBe(true);
  });
});
