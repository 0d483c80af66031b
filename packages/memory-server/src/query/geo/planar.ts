import type { Coord } from './geometry.js';

/**
 * Whether a planar point lies in the closed box with corners `a` and `b` (any corner order).
 *
 * @example
 * ```ts
 * inBox([1, 1], [0, 0], [2, 2]); // true
 * ```
 */
export function inBox(p: Coord, a: Coord, b: Coord): boolean {
  return (
    p[0] >= Math.min(a[0], b[0]) &&
    p[0] <= Math.max(a[0], b[0]) &&
    p[1] >= Math.min(a[1], b[1]) &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/**
 * Euclidean distance in the plane (2d indexes, `$center`, `$near` on a 2d index).
 *
 * @example
 * ```ts
 * planarDistance([0, 0], [3, 4]); // 5
 * ```
 */
export function planarDistance(a: Coord, b: Coord): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function onSegment(p: Coord, a: Coord, b: Coord): boolean {
  const crossZ = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  if (Math.abs(crossZ) > 1e-12 * Math.max(1, planarDistance(a, b))) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) &&
    p[0] <= Math.max(a[0], b[0]) &&
    p[1] >= Math.min(a[1], b[1]) &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/**
 * Planar point-in-polygon (`$polygon`): even-odd rule, boundary points inside.
 *
 * @example
 * ```ts
 * inPlanarPolygon([1, 1], [[0, 0], [3, 0], [0, 3]]); // true
 * ```
 */
export function inPlanarPolygon(p: Coord, vertices: readonly Coord[]): boolean {
  let inside = false;
  const n = vertices.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = vertices[i] as Coord;
    const b = vertices[j] as Coord;
    if (onSegment(p, a, b)) return true;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside;
  }
  return inside;
}
