import { describe, expect, it } from 'vitest';
import {
  arcsCross,
  distanceToArc,
  EARTH_RADIUS_METERS,
  inLeftRegion,
  leftArea,
  sphericalDistance,
  toVec,
} from '../../../../src/query/geo/sphere.js';

/** Reference: the haversine formula, written independently of the implementation. */
function haversine(a: [number, number], b: [number, number], radius: number): number {
  const rad = Math.PI / 180;
  const dPhi = (b[1] - a[1]) * rad;
  const dLambda = (b[0] - a[0]) * rad;
  const h =
    Math.sin(dPhi / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLambda / 2) ** 2;
  return 2 * radius * Math.asin(Math.sqrt(h));
}

/** Reference: the Vincenty formula on a sphere (atan2 form). */
function vincentySphere(a: [number, number], b: [number, number], radius: number): number {
  const rad = Math.PI / 180;
  const p1 = a[1] * rad;
  const p2 = b[1] * rad;
  const dl = (b[0] - a[0]) * rad;
  const y = Math.hypot(
    Math.cos(p2) * Math.sin(dl),
    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl),
  );
  const x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
  return radius * Math.atan2(y, x);
}

const PARIS: [number, number] = [2.3522, 48.8566];
const LONDON: [number, number] = [-0.1278, 51.5074];
const NEW_YORK: [number, number] = [-74.006, 40.7128];
const LOS_ANGELES: [number, number] = [-118.2437, 34.0522];
const SYDNEY: [number, number] = [151.2093, -33.8688];
const SANTIAGO: [number, number] = [-70.6693, -33.4489];

describe('sphericalDistance', () => {
  const cases: Array<[string, [number, number], [number, number], number]> = [
    // Published great-circle figures (mean radius 6371 km): Paris–London ≈ 343.6 km,
    // New York–Los Angeles ≈ 3936 km, Sydney–Santiago ≈ 11 347 km; scaled by 6378.1 / 6371
    // they are ≈ 343.9 km, ≈ 3940 km and ≈ 11 359 km at MongoDB's radius.
    ['Paris–London', PARIS, LONDON, 343.9],
    ['New York–Los Angeles', NEW_YORK, LOS_ANGELES, 3940.1],
    ['Sydney–Santiago', SYDNEY, SANTIAGO, 11359.4],
  ];
  for (const [name, a, b, publishedKm] of cases) {
    it(`${name} matches the haversine and Vincenty references within 1e-9 and the published figure`, () => {
      const meters = sphericalDistance(a, b) * EARTH_RADIUS_METERS;
      const ref = haversine(a, b, EARTH_RADIUS_METERS);
      expect(Math.abs(meters - ref) / ref).toBeLessThan(1e-9);
      const ref2 = vincentySphere(a, b, EARTH_RADIUS_METERS);
      expect(Math.abs(meters - ref2) / ref2).toBeLessThan(1e-9);
      expect(Math.abs(meters / 1000 - publishedKm)).toBeLessThan(0.5);
    });
  }

  it('stays within 1e-9 of the haversine reference over many deterministic pairs', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const a: [number, number] = [next() * 360 - 180, next() * 180 - 90];
      const b: [number, number] = [next() * 360 - 180, next() * 180 - 90];
      const ref = vincentySphere(a, b, 1);
      expect(Math.abs(sphericalDistance(a, b) - ref) / ref).toBeLessThan(1e-9);
    }
  });

  it('is symmetric and zero for the same point, π for antipodes', () => {
    expect(sphericalDistance(PARIS, LONDON)).toBe(sphericalDistance(LONDON, PARIS));
    expect(sphericalDistance(PARIS, PARIS)).toBe(0);
    expect(sphericalDistance([0, 0], [180, 0])).toBeCloseTo(Math.PI, 12);
  });
});

describe('arcs and rings', () => {
  it('detects crossing arcs, including across the antimeridian, and not their antipodes', () => {
    expect(arcsCross(toVec(-1, 0), toVec(1, 0), toVec(0, -1), toVec(0, 1))).toBe(true);
    expect(arcsCross(toVec(179, 0), toVec(-179, 0), toVec(180, -1), toVec(180, 1))).toBe(true);
    // The great circles meet at (0,0) and (180,0); these arcs meet at neither.
    expect(arcsCross(toVec(-1, 0), toVec(1, 0), toVec(180, -1), toVec(180, 1))).toBe(false);
  });

  it('measures the distance to an arc (edges are geodesics, not rhumb lines)', () => {
    expect(distanceToArc(toVec(0, 1), toVec(-1, 0), toVec(1, 0))).toBeCloseTo(Math.PI / 180, 12);
    // The geodesic between two points at 60°N bulges poleward: the midpoint at 60°N lies south of it.
    const d = distanceToArc(toVec(0, 60), toVec(-60, 60), toVec(60, 60));
    expect(d).toBeGreaterThan(0.05);
  });

  it('orders rings: counterclockwise small square has a small left area', () => {
    const square = [toVec(0, 0), toVec(1, 0), toVec(1, 1), toVec(0, 1)];
    expect(leftArea(square)).toBeLessThan(0.001);
    expect(leftArea([...square].reverse())).toBeGreaterThan(4 * Math.PI - 0.001);
    expect(inLeftRegion(toVec(0.5, 0.5), square)).toBe(true);
    expect(inLeftRegion(toVec(1.5, 0.5), square)).toBe(false);
  });
});
