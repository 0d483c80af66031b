import { Decimal128 } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import { exactJsNumber } from '../compare-numbers.js';
import { arcsCross, leftArea, type Vec3, inLeftRegion, onArc, toVec } from './sphere.js';

/** A lon/lat (or planar x/y) pair. */
export type Coord = readonly [number, number];

/** One closed ring of a polygon; `vecs` omits the closing vertex. */
export interface Ring {
  readonly coords: readonly Coord[];
  readonly vecs: readonly Vec3[];
  /** The polygon is the region right of the ring order (MongoDB takes the smaller region unless strict winding). */
  readonly invert: boolean;
}

/** The simple shapes every geometry decomposes into. */
export type SimpleShape =
  | { readonly kind: 'point'; readonly coord: Coord; readonly vec: Vec3 }
  | { readonly kind: 'line'; readonly coords: readonly Coord[]; readonly vecs: readonly Vec3[] }
  | { readonly kind: 'polygon'; readonly shell: Ring; readonly holes: readonly Ring[] };

/** A parsed geometry: a GeoJSON object or a legacy coordinate pair, as simple parts. */
export interface Geometry {
  readonly type: string;
  readonly parts: readonly SimpleShape[];
  /** A legacy `[x, y]` / `{ x, y }` pair (not range-checked: 2d indexes use planar units). */
  readonly legacy: boolean;
}

/** The strict-winding CRS that makes a polygon a "big polygon" (interior left of its ring order). */
export const STRICT_WINDING_CRS = 'urn:x-mongodb:crs:strictwinding:EPSG:4326';

function bad(message: string): ServerError {
  return new ServerError('BadValue', message);
}

/**
 * A BSON number as a JS number, or undefined for anything else.
 *
 * @example
 * ```ts
 * geoNumber(new Double(1.5)); // 1.5
 * ```
 */
export function geoNumber(value: unknown): number | undefined {
  const n = exactJsNumber(value);
  if (n !== undefined) return n;
  if (value instanceof Decimal128) return Number(value.toString());
  if (value !== null && typeof value === 'object' && (value as { _bsontype?: string })._bsontype === 'Long') {
    return Number((value as { toString(): string }).toString());
  }
  return undefined;
}

/**
 * A legacy coordinate pair: an array or document whose first two values are numbers.
 *
 * @example
 * ```ts
 * legacyPair([1, 2]); // [1, 2]
 * legacyPair({ lng: 1, lat: 2 }); // [1, 2]
 * ```
 */
export function legacyPair(value: unknown): Coord | undefined {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (isPlainDocument(value) && !('type' in value) && !Object.keys(value).some((k) => k.startsWith('$')))
    items = Object.values(value);
  else return undefined;
  if (items.length < 2) return undefined;
  const x = geoNumber(items[0]);
  const y = geoNumber(items[1]);
  return x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y) ? undefined : [x, y];
}

function parseCoord(value: unknown): Coord {
  if (!Array.isArray(value)) throw bad('GeoJSON coordinates must be an array');
  if (value.length < 2)
    throw bad(`GeoJSON coordinates must be an array of at least two numbers: ${JSON.stringify(value)}`);
  const nums = value.map(geoNumber);
  if (nums.some((n) => n === undefined || Number.isNaN(n)))
    throw bad('Point must only contain numeric elements');
  const [lon, lat] = nums as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    throw bad(`longitude/latitude is out of bounds, lng: ${lon} lat: ${lat}`);
  }
  return [lon, lat];
}

function coordArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw bad(`${what} coordinates must be an array`);
  return value;
}

function sameCoord(a: Coord, b: Coord): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function parseLine(value: unknown): SimpleShape {
  const coords = coordArray(value, 'GeoJSON LineString').map(parseCoord);
  if (coords.length < 2)
    throw bad(`GeoJSON LineString must have at least 2 vertices: ${JSON.stringify(value)}`);
  const deduped = coords.filter((c, i) => i === 0 || !sameCoord(c, coords[i - 1] as Coord));
  return { kind: 'line', coords: deduped, vecs: deduped.map((c) => toVec(c[0], c[1])) };
}

function ringDescription(coords: readonly Coord[]): string {
  return JSON.stringify(coords.map((c) => [c[0], c[1]]));
}

function parseRing(value: unknown, strict: boolean): Ring {
  const coords = coordArray(value, 'GeoJSON Polygon').map(parseCoord);
  if (coords.length < 4) throw bad(`Loop must have at least 4 vertices: ${ringDescription(coords)}`);
  if (!sameCoord(coords[0] as Coord, coords[coords.length - 1] as Coord)) {
    throw bad(`Loop is not closed, first vertex does not equal last vertex: ${ringDescription(coords)}`);
  }
  const open = coords.slice(0, -1).filter((c, i, all) => i === 0 || !sameCoord(c, all[i - 1] as Coord));
  const seen = new Map<string, number>();
  open.forEach((c, i) => {
    const key = `${c[0]},${c[1]}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw bad(`Loop is not valid: ${ringDescription(coords)} Duplicate vertices: ${first} and ${i}`);
    seen.set(key, i);
  });
  if (open.length < 3) throw bad(`Loop must have at least 3 different vertices: ${ringDescription(coords)}`);
  const vecs = open.map((c) => toVec(c[0], c[1]));
  const n = vecs.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (arcsCross(vecs[i] as Vec3, vecs[(i + 1) % n] as Vec3, vecs[j] as Vec3, vecs[(j + 1) % n] as Vec3)) {
        throw bad(`Loop is not valid: ${ringDescription(coords)} Edges ${i} and ${j} cross.`);
      }
    }
  }
  // MongoDB normalizes an ordinary loop to the smaller of the two regions it bounds.
  const invert = strict ? false : leftArea(vecs) > 2 * Math.PI;
  return { coords: open, vecs, invert };
}

function parsePolygon(value: unknown, strict: boolean): SimpleShape {
  const rings = coordArray(value, 'GeoJSON Polygon');
  if (rings.length === 0) throw bad('Polygon has no loops.');
  if (strict && rings.length > 1)
    throw bad('Only one ring is allowed in a big polygon (strict winding order)');
  const [shell, ...holes] = rings.map((r) => parseRing(r, strict));
  const polygon = { kind: 'polygon', shell: shell as Ring, holes } as const;
  for (const hole of holes) {
    if (!hole.vecs.every((v) => ringContains(shell as Ring, v))) {
      throw bad('Secondary loops not contained by first exterior loop - secondary loops must be holes');
    }
  }
  return polygon;
}

function crsIsStrict(geo: Doc): boolean {
  const crs = geo['crs'];
  if (crs === undefined) return false;
  const name =
    isPlainDocument(crs) && isPlainDocument(crs['properties']) ? crs['properties']['name'] : undefined;
  if (name === STRICT_WINDING_CRS) return true;
  if (name === 'EPSG:4326' || name === 'urn:ogc:def:crs:OGC:1.3:CRS84') return false;
  throw bad(`Unknown CRS name: ${String(name)}`);
}

/**
 * Parses and validates a GeoJSON geometry the way MongoDB's 2dsphere parser does. Throws BadValue (2).
 *
 * @example
 * ```ts
 * parseGeoJson({ type: 'Point', coordinates: [2.35, 48.85] }).parts[0]?.kind; // 'point'
 * ```
 */
export function parseGeoJson(value: unknown): Geometry {
  if (!isPlainDocument(value)) throw bad(`geometry must be an object: ${String(value)}`);
  const type = value['type'];
  const strict = crsIsStrict(value);
  if (strict && type !== 'Polygon') throw bad('Strict winding order is only supported by Polygon');
  const coords = value['coordinates'];
  const parts: SimpleShape[] = [];
  switch (type) {
    case 'Point': {
      const coord = parseCoord(coords);
      parts.push({ kind: 'point', coord, vec: toVec(coord[0], coord[1]) });
      break;
    }
    case 'LineString':
      parts.push(parseLine(coords));
      break;
    case 'Polygon':
      parts.push(parsePolygon(coords, strict));
      break;
    case 'MultiPoint':
      for (const c of coordArray(coords, 'GeoJSON MultiPoint')) {
        const coord = parseCoord(c);
        parts.push({ kind: 'point', coord, vec: toVec(coord[0], coord[1]) });
      }
      if (parts.length === 0) throw bad('MultiPoint coordinates must have at least 1 element');
      break;
    case 'MultiLineString':
      for (const c of coordArray(coords, 'GeoJSON MultiLineString')) parts.push(parseLine(c));
      if (parts.length === 0) throw bad('MultiLineString coordinates must have at least 1 element');
      break;
    case 'MultiPolygon':
      for (const c of coordArray(coords, 'GeoJSON MultiPolygon')) parts.push(parsePolygon(c, false));
      if (parts.length === 0) throw bad('MultiPolygon coordinates must have at least 1 element');
      break;
    case 'GeometryCollection': {
      const geometries = value['geometries'];
      if (!Array.isArray(geometries)) throw bad('GeometryCollection geometries must be an array');
      for (const g of geometries) parts.push(...parseGeoJson(g).parts);
      break;
    }
    default:
      throw bad(`unknown GeoJSON type: ${JSON.stringify(value)}`);
  }
  return { type: type as string, parts, legacy: false };
}

/**
 * A stored value as a geometry: GeoJSON (validated) or a legacy pair. `undefined` for values that
 * are neither; throws BadValue for malformed GeoJSON.
 *
 * @example
 * ```ts
 * storedGeometry([10, 20])?.legacy; // true
 * ```
 */
export function storedGeometry(value: unknown): Geometry | undefined {
  if (isPlainDocument(value) && 'type' in value) return parseGeoJson(value);
  const pair = legacyPair(value);
  if (!pair) return undefined;
  const inRange = pair[0] >= -180 && pair[0] <= 180 && pair[1] >= -90 && pair[1] <= 90;
  const vec: Vec3 = inRange ? toVec(pair[0], pair[1]) : [Number.NaN, Number.NaN, Number.NaN];
  return { type: 'Point', parts: [{ kind: 'point', coord: pair, vec }], legacy: true };
}

/**
 * Whether a ring's region (after normalization) contains `p`; boundary points count.
 *
 * @example
 * ```ts
 * ringContains(ring, toVec(0.5, 0.5));
 * ```
 */
export function ringContains(ring: Ring, p: Vec3): boolean {
  const n = ring.vecs.length;
  if (!ring.invert) return inLeftRegion(p, ring.vecs);
  for (let i = 0; i < n; i++) if (onArc(p, ring.vecs[i] as Vec3, ring.vecs[(i + 1) % n] as Vec3)) return true;
  return !inLeftRegion(p, ring.vecs);
}
