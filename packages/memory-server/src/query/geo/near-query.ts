import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import { getPathValues } from '../path.js';
import { type Coord, type Geometry, geoNumber, legacyPair, parseGeoJson } from './geometry.js';
import { planarDistance } from './planar.js';
import { distanceToGeometry } from './spherical-relations.js';
import { EARTH_RADIUS_METERS, toVec } from './sphere.js';
import { storedGeometries } from './stored-geometries.js';

/** A parsed `$near` / `$nearSphere` (or `$geoNear` stage `near`). */
export interface NearQuery {
  readonly path: string;
  readonly point: Coord;
  /** The point was GeoJSON: distances in meters on the sphere (needs a 2dsphere index). */
  readonly geoJson: boolean;
  /** `$nearSphere` / `spherical: true`: spherical even for legacy points. */
  readonly sphere: boolean;
  readonly maxDistance?: number | undefined;
  readonly minDistance?: number | undefined;
}

/** How distances are computed, once the index is known. */
export type NearMode = 'meters' | 'radians' | 'planar';

/** The geo index kinds present on the queried path. */
export type GeoIndexKind = '2d' | '2dsphere';

const NEAR_OPS = new Set(['$near', '$nearSphere', '$geoNear']);
const NEAR_SIBLINGS = new Set(['$near', '$nearSphere', '$maxDistance', '$minDistance']);

function bad(message: string): ServerError {
  return new ServerError('BadValue', message);
}

/**
 * The error `$near` without a usable geo index raises (291, like MongoDB's planner).
 *
 * @example
 * ```ts
 * throw noGeoIndex();
 * ```
 */
export function noGeoIndex(): ServerError {
  return new ServerError(
    { code: 291, codeName: 'NoQueryExecutionPlans' },
    'error processing query: planner returned error :: caused by :: unable to find index for $geoNear query',
  );
}

/**
 * Reads a `maxDistance`/`minDistance` value (non-negative number).
 *
 * @example
 * ```ts
 * distanceOption(new Double(5), '$maxDistance'); // 5
 * ```
 */
export function distanceOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = geoNumber(value);
  if (n === undefined || Number.isNaN(n)) throw bad(`${name} must be a number`);
  if (n < 0) throw bad(`${name} must be non-negative`);
  return n;
}

/**
 * Parses a near point: GeoJSON `{ type: 'Point', coordinates }` or a legacy pair.
 *
 * @example
 * ```ts
 * parseNearPoint([1, 2]); // { point: [1, 2], geoJson: false }
 * ```
 */
export function parseNearPoint(value: unknown): { point: Coord; geoJson: boolean } {
  if (isPlainDocument(value) && 'type' in value) {
    const g = parseGeoJson(value);
    const part = g.parts[0];
    if (g.type !== 'Point' || part?.kind !== 'point')
      throw bad('$near requires a point, given ' + JSON.stringify(value));
    return { point: part.coord, geoJson: true };
  }
  const pair = legacyPair(value);
  if (!pair) throw bad(`near must be a point: ${JSON.stringify(value)}`);
  return { point: pair, geoJson: false };
}

function parseNearOperator(path: string, ops: Doc): NearQuery {
  const name = '$near' in ops ? '$near' : '$nearSphere';
  const operand = ops[name];
  let maxDistance = distanceOption(ops['$maxDistance'], '$maxDistance');
  let minDistance = distanceOption(ops['$minDistance'], '$minDistance');
  let near: { point: Coord; geoJson: boolean };
  if (isPlainDocument(operand) && '$geometry' in operand) {
    near = parseNearPoint(operand['$geometry']);
    maxDistance = distanceOption(operand['$maxDistance'], '$maxDistance') ?? maxDistance;
    minDistance = distanceOption(operand['$minDistance'], '$minDistance') ?? minDistance;
  } else {
    near = parseNearPoint(operand);
  }
  if (
    near.geoJson === false &&
    name === '$nearSphere' &&
    maxDistance !== undefined &&
    maxDistance > Math.PI
  ) {
    throw bad('Spherical MaxDistance > PI. Are you sure you are using radians?');
  }
  return {
    path,
    point: near.point,
    geoJson: near.geoJson,
    sphere: name === '$nearSphere',
    maxDistance,
    minDistance,
  };
}

/** Throws when a near operator appears anywhere in `value` (below the top level). */
function rejectNested(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) rejectNested(item);
    return;
  }
  if (!isPlainDocument(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (NEAR_OPS.has(key)) throw bad('geoNear must be top-level expr');
    rejectNested(child);
  }
}

/**
 * Splits a find filter into its `$near`/`$nearSphere` clause (top level, or inside a top-level
 * `$and`) and the rest. Throws BadValue for a near operator nested in `$or`, `$elemMatch`, `$not`
 * … and for more than one.
 *
 * @example
 * ```ts
 * extractNear({ loc: { $near: [0, 0], $maxDistance: 2 }, a: 1 });
 * // { near: { path: 'loc', point: [0, 0], maxDistance: 2, … }, rest: { a: 1 } }
 * ```
 */
export function extractNear(filter: Doc): { near: NearQuery; rest: Doc } | undefined {
  let found: NearQuery | undefined;
  const take = (doc: Doc): Doc => {
    const rest: Doc = {};
    for (const [key, value] of Object.entries(doc)) {
      if (key === '$and' && Array.isArray(value)) {
        rest[key] = value.map((child) => (isPlainDocument(child) ? take(child) : child));
        continue;
      }
      if (!key.startsWith('$') && isPlainDocument(value) && ('$near' in value || '$nearSphere' in value)) {
        if (found) throw bad('Too many geoNear expressions');
        found = parseNearOperator(key, value);
        const remaining = Object.fromEntries(Object.entries(value).filter(([op]) => !NEAR_SIBLINGS.has(op)));
        rejectNested(remaining);
        if (Object.keys(remaining).length > 0) rest[key] = remaining;
        continue;
      }
      rejectNested(key.startsWith('$') ? value : isPlainDocument(value) ? value : undefined);
      rest[key] = value;
    }
    return rest;
  };
  const rest = take(filter);
  return found ? { near: found, rest } : undefined;
}

/**
 * Picks the distance mode from the query and the geo indexes on its path (291 when none fits):
 * GeoJSON → meters (2dsphere); legacy `$near` on a 2d index → planar; otherwise radians.
 *
 * @example
 * ```ts
 * nearMode({ ...near, geoJson: false }, ['2d']); // 'planar' (legacy coordinates on a 2d index)
 * ```
 */
export function nearMode(near: NearQuery, kinds: readonly GeoIndexKind[]): NearMode {
  if (near.geoJson) {
    if (!kinds.includes('2dsphere')) throw noGeoIndex();
    return 'meters';
  }
  if (kinds.includes('2d')) return near.sphere ? 'radians' : 'planar';
  if (kinds.includes('2dsphere')) return 'radians';
  throw noGeoIndex();
}

/** A document with its distance from the near point and the location that was nearest. */
export interface NearHit {
  readonly doc: Doc;
  readonly distance: number;
  readonly location: unknown;
}

function distanceTo(near: NearQuery, mode: NearMode, geometry: Geometry): number | undefined {
  if (mode === 'planar') {
    if (!geometry.legacy) return undefined;
    const part = geometry.parts[0];
    return part?.kind === 'point' ? planarDistance(part.coord, near.point) : undefined;
  }
  if (geometry.parts.some((p) => p.kind === 'point' && Number.isNaN(p.vec[0]))) return undefined;
  const radians = distanceToGeometry(toVec(near.point[0], near.point[1]), geometry);
  return mode === 'meters' ? radians * EARTH_RADIUS_METERS : radians;
}

/**
 * Distances of documents from the near point, filtered by min/max distance and sorted nearest
 * first (stable: ties keep input order). Documents without a usable location are dropped.
 *
 * @example
 * ```ts
 * nearestFirst(docs, near, 'meters').map((h) => h.distance);
 * ```
 */
export function nearestFirst(docs: readonly Doc[], near: NearQuery, mode: NearMode): NearHit[] {
  const hits: NearHit[] = [];
  for (const doc of docs) {
    let best: { distance: number; location: unknown } | undefined;
    for (const value of getPathValues(doc, near.path, { expandLeafArrays: false })) {
      const values: unknown[] = Array.isArray(value) && !legacyPairLike(value) ? value : [value];
      for (const v of values) {
        for (const g of storedGeometries(v)) {
          const d = distanceTo(near, mode, g);
          if (d !== undefined && (!best || d < best.distance)) best = { distance: d, location: v };
        }
      }
    }
    if (!best) continue;
    if (near.maxDistance !== undefined && best.distance > near.maxDistance) continue;
    if (near.minDistance !== undefined && best.distance < near.minDistance) continue;
    hits.push({ doc, distance: best.distance, location: best.location });
  }
  return hits.sort((a, b) => a.distance - b.distance);
}

function legacyPairLike(value: unknown): boolean {
  return legacyPair(value) !== undefined;
}
