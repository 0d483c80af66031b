/** A unit vector on the sphere (x toward lon 0 / lat 0, z toward the north pole). */
export type Vec3 = readonly [number, number, number];

/** MongoDB's Earth radius in meters (the one `$near`/`$geoNear` distances in meters use). */
export const EARTH_RADIUS_METERS = 6378100;

const RAD = Math.PI / 180;

/**
 * The unit vector of a longitude/latitude pair in degrees.
 *
 * @example
 * ```ts
 * toVec(0, 90); // [~0, 0, 1]
 * ```
 */
export function toVec(lon: number, lat: number): Vec3 {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  const c = Math.cos(phi);
  return [c * Math.cos(lambda), c * Math.sin(lambda), Math.sin(phi)];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  return n === 0 ? a : [a[0] / n, a[1] / n, a[2] / n];
}

/**
 * The angle in radians between two unit vectors (atan2 form: accurate for tiny and near-antipodal angles).
 *
 * @example
 * ```ts
 * angleBetween(toVec(0, 0), toVec(90, 0)); // π/2
 * ```
 */
export function angleBetween(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/**
 * Great-circle distance in radians between two lon/lat points in degrees.
 *
 * @example
 * ```ts
 * sphericalDistance([2.3522, 48.8566], [-0.1276, 51.5072]) * EARTH_RADIUS_METERS; // ≈ 343 900 m
 * ```
 */
export function sphericalDistance(a: readonly [number, number], b: readonly [number, number]): number {
  return angleBetween(toVec(a[0], a[1]), toVec(b[0], b[1]));
}

/** Sign of det[a, b, c]: which side of the great circle a→b the point c lies on (+1 left). */
export function orientation(a: Vec3, b: Vec3, c: Vec3): number {
  const d = dot(cross(a, b), c);
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Whether the minor arcs ab and cd cross at a point interior to both (touching excluded).
 *
 * @example
 * ```ts
 * arcsCross(toVec(-1, 0), toVec(1, 0), toVec(0, -1), toVec(0, 1)); // true
 * ```
 */
export function arcsCross(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const acb = -orientation(a, b, c);
  const bda = orientation(a, b, d);
  if (acb === 0 || acb !== bda) return false;
  const cbd = -orientation(c, d, b);
  if (cbd !== acb) return false;
  return orientation(c, d, a) === acb;
}

/** Tolerance (radians) within which a point counts as lying on an arc. */
const ON_ARC = 1e-12;

/**
 * The angular distance in radians from `p` to the minor arc ab.
 *
 * @example
 * ```ts
 * distanceToArc(toVec(0, 1), toVec(-1, 0), toVec(1, 0)); // 1° in radians
 * ```
 */
export function distanceToArc(p: Vec3, a: Vec3, b: Vec3): number {
  const n = cross(a, b);
  const nn = norm(n);
  if (nn > 0) {
    const unit: Vec3 = [n[0] / nn, n[1] / nn, n[2] / nn];
    // The foot of p on the great circle lies inside the arc iff it is left of n×a … right of n×b.
    const foot = normalize([
      p[0] - unit[0] * dot(p, unit),
      p[1] - unit[1] * dot(p, unit),
      p[2] - unit[2] * dot(p, unit),
    ]);
    if (dot(cross(a, foot), n) >= 0 && dot(cross(foot, b), n) >= 0 && norm(foot) > 0) {
      return Math.abs(Math.asin(Math.max(-1, Math.min(1, dot(p, unit)))));
    }
  }
  return Math.min(angleBetween(p, a), angleBetween(p, b));
}

/**
 * Whether `p` lies on the minor arc ab (within ~1e-12 rad, i.e. well under a millimeter).
 *
 * @example
 * ```ts
 * onArc(toVec(0, 0), toVec(-1, 0), toVec(1, 0)); // true
 * ```
 */
export function onArc(p: Vec3, a: Vec3, b: Vec3): boolean {
  return distanceToArc(p, a, b) <= ON_ARC;
}

/**
 * Area (steradians) of the region to the left of a closed ring traversed in order (Gauss–Bonnet:
 * 2π minus the sum of turning angles). The ring is given without its closing vertex.
 *
 * @example
 * ```ts
 * leftArea([toVec(0, 0), toVec(1, 0), toVec(1, 1), toVec(0, 1)]); // small: counterclockwise square
 * ```
 */
export function leftArea(ring: readonly Vec3[]): number {
  let turning = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n] as Vec3;
    const v = ring[i] as Vec3;
    const b = ring[(i + 1) % n] as Vec3;
    const dIn = cross(normalize(cross(a, v)), v);
    const dOut = cross(normalize(cross(v, b)), v);
    turning += Math.atan2(dot(cross(dIn, dOut), v), dot(dIn, dOut));
  }
  return 2 * Math.PI - turning;
}

/**
 * Whether `p` is in the region to the left of the ring (strictly; boundary points count as inside).
 * Parity of crossings along the arc from `p` to a point just left of the first edge.
 *
 * @example
 * ```ts
 * inLeftRegion(toVec(0.5, 0.5), [toVec(0, 0), toVec(1, 0), toVec(1, 1), toVec(0, 1)]); // true
 * ```
 */
export function inLeftRegion(p: Vec3, ring: readonly Vec3[]): boolean {
  const n = ring.length;
  for (let i = 0; i < n; i++) if (onArc(p, ring[i] as Vec3, ring[(i + 1) % n] as Vec3)) return true;
  // Reference point: just left of the middle of some edge, not antipodal to p.
  for (let e = 0; e < n; e++) {
    const a = ring[e] as Vec3;
    const b = ring[(e + 1) % n] as Vec3;
    const mid = normalize([a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
    const left = normalize(cross(a, b));
    const eps = Math.min(1e-7, angleBetween(a, b) * 1e-3);
    const ref = normalize([mid[0] + left[0] * eps, mid[1] + left[1] * eps, mid[2] + left[2] * eps]);
    if (dot(ref, p) < -0.999999) continue;
    let crossings = 0;
    for (let i = 0; i < n; i++) {
      if (arcsCross(p, ref, ring[i] as Vec3, ring[(i + 1) % n] as Vec3)) crossings += 1;
    }
    return crossings % 2 === 0;
  }
  return false;
}
