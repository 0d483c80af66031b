import type { Geometry, Ring, SimpleShape } from './geometry.js';
import { ringContains } from './geometry.js';
import { angleBetween, arcsCross, distanceToArc, onArc, type Vec3 } from './sphere.js';

type Polygon = Extract<SimpleShape, { kind: 'polygon' }>;

/** The edges (pairs of endpoints) of a line or every ring of a polygon. */
function edgesOf(shape: SimpleShape): Array<readonly [Vec3, Vec3]> {
  if (shape.kind === 'point') return [];
  if (shape.kind === 'line') {
    return shape.vecs.slice(1).map((v, i) => [shape.vecs[i] as Vec3, v] as const);
  }
  const edges: Array<readonly [Vec3, Vec3]> = [];
  for (const ring of [shape.shell, ...shape.holes]) edges.push(...ringEdges(ring));
  return edges;
}

function ringEdges(ring: Ring): Array<readonly [Vec3, Vec3]> {
  const n = ring.vecs.length;
  return ring.vecs.map((v, i) => [v, ring.vecs[(i + 1) % n] as Vec3] as const);
}

function verticesOf(shape: SimpleShape): readonly Vec3[] {
  if (shape.kind === 'point') return [shape.vec];
  if (shape.kind === 'line') return shape.vecs;
  return [shape.shell, ...shape.holes].flatMap((r) => r.vecs);
}

/**
 * Whether a polygon (holes excluded, boundaries included) contains a point.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * polygonContainsPoint(square, toVec(0.5, 0.5)); // true
 * ```
 */
export function polygonContainsPoint(polygon: Polygon, p: Vec3): boolean {
  if (!ringContains(polygon.shell, p)) return false;
  for (const hole of polygon.holes) {
    const n = hole.vecs.length;
    const onEdge = hole.vecs.some((v, i) => onArc(p, v, hole.vecs[(i + 1) % n] as Vec3));
    if (!onEdge && ringContains(hole, p)) return false;
  }
  return true;
}

function edgesCross(a: SimpleShape, b: SimpleShape): boolean {
  const eb = edgesOf(b);
  for (const [p, q] of edgesOf(a)) for (const [r, s] of eb) if (arcsCross(p, q, r, s)) return true;
  return false;
}

function shapeWithinPolygon(shape: SimpleShape, polygon: Polygon): boolean {
  if (!verticesOf(shape).every((v) => polygonContainsPoint(polygon, v))) return false;
  if (shape.kind === 'point') return true;
  // Every vertex is inside; an edge leaving the polygon would have to cross its boundary.
  return !edgesCross(shape, polygon);
}

/**
 * `$geoWithin` on the sphere: every part of `stored` lies inside one of the region's polygons.
 *
 * @example
 * ```ts
 * const polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] };
 * geometryWithin(parseGeoJson({ type: 'Point', coordinates: [1, 1] }), parseGeoJson(polygon)); // true
 * ```
 */
export function geometryWithin(stored: Geometry, region: Geometry): boolean {
  const polygons = region.parts.filter((p): p is Polygon => p.kind === 'polygon');
  return (
    stored.parts.length > 0 &&
    stored.parts.every((part) => polygons.some((poly) => shapeWithinPolygon(part, poly)))
  );
}

function touchesEdges(vertices: readonly Vec3[], shape: SimpleShape): boolean {
  if (shape.kind === 'point') return vertices.some((v) => angleBetween(v, shape.vec) <= 1e-12);
  const edges = edgesOf(shape);
  return vertices.some((v) => edges.some(([p, q]) => onArc(v, p, q)));
}

function simpleIntersect(a: SimpleShape, b: SimpleShape): boolean {
  if (a.kind === 'polygon' && verticesOf(b).some((v) => polygonContainsPoint(a, v))) return true;
  if (b.kind === 'polygon' && verticesOf(a).some((v) => polygonContainsPoint(b, v))) return true;
  if (touchesEdges(verticesOf(a), b) || touchesEdges(verticesOf(b), a)) return true;
  return edgesCross(a, b);
}

/**
 * `$geoIntersects` on the sphere: some part of `a` meets some part of `b` (touching counts).
 *
 * @example
 * ```ts
 * const polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]] };
 * geometriesIntersect(parseGeoJson({ type: 'LineString', coordinates: [[-1, 1], [1, 1]] }), parseGeoJson(polygon)); // true
 * ```
 */
export function geometriesIntersect(a: Geometry, b: Geometry): boolean {
  return a.parts.some((pa) => b.parts.some((pb) => simpleIntersect(pa, pb)));
}

/**
 * The angular distance (radians) from `p` to the nearest point of a geometry (0 inside a polygon).
 *
 * @example
 * ```ts
 * distanceToGeometry(toVec(0, 0), parseGeoJson({ type: 'Point', coordinates: [0, 1] })); // π/180
 * ```
 */
export function distanceToGeometry(p: Vec3, geometry: Geometry): number {
  let best = Number.POSITIVE_INFINITY;
  for (const part of geometry.parts) {
    if (part.kind === 'point') {
      best = Math.min(best, angleBetween(p, part.vec));
      continue;
    }
    if (part.kind === 'polygon' && polygonContainsPoint(part, p)) return 0;
    for (const [a, b] of edgesOf(part)) best = Math.min(best, distanceToArc(p, a, b));
  }
  return best;
}
