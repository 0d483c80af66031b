import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { isPlainDocument } from '../compare.js';
import { type Coord, type Geometry, geoNumber, legacyPair, parseGeoJson } from './geometry.js';
import { inBox, inPlanarPolygon, planarDistance } from './planar.js';
import { geometriesIntersect, geometryWithin } from './spherical-relations.js';
import { angleBetween, toVec, type Vec3 } from './sphere.js';

/** A compiled geo region test on one stored geometry. */
export type GeometryTest = (stored: Geometry) => boolean;

function bad(message: string): ServerError {
  return new ServerError('BadValue', message);
}

function pointsOf(stored: Geometry): Coord[] {
  const out: Coord[] = [];
  for (const part of stored.parts) {
    if (part.kind === 'point') out.push(part.coord);
    else if (part.kind === 'line') out.push(...part.coords);
    else for (const ring of [part.shell, ...part.holes]) out.push(...ring.coords);
  }
  return out;
}

/** The point a flat shape (`$box`, `$polygon`, `$center`) tests: MongoDB's flat regions only contain single points. */
function flatPoint(stored: Geometry): Coord | undefined {
  const [part, ...others] = stored.parts;
  return stored.type === 'Point' && others.length === 0 && part?.kind === 'point' ? part.coord : undefined;
}

function pair(value: unknown, what: string): Coord {
  const p = legacyPair(value);
  if (!p) throw bad(`Point must only contain numeric elements (${what})`);
  return p;
}

function radius(value: unknown, what: string): number {
  const r = geoNumber(value);
  if (r === undefined || Number.isNaN(r) || r < 0)
    throw bad(`radius must be a non-negative number (${what})`);
  return r;
}

function circleArgs(operand: unknown, what: string): [Coord, number] {
  if (!Array.isArray(operand) || operand.length !== 2)
    throw bad(`${what} requires an array of [center, radius]`);
  return [pair(operand[0], what), radius(operand[1], what)];
}

/**
 * Compiles the operand of `$geoWithin` (`$geometry`, `$box`, `$polygon`, `$center`, `$centerSphere`).
 * Throws BadValue (2) for malformed shapes, like MongoDB's parser.
 *
 * @example
 * ```ts
 * const test = compileWithin({ $box: [[0, 0], [10, 10]] });
 * ```
 */
export function compileWithin(operand: unknown): GeometryTest {
  if (!isPlainDocument(operand)) throw bad('$geoWithin must be an object');
  const keys = Object.keys(operand);
  const [shape] = keys;
  if (keys.length !== 1 || shape === undefined)
    throw bad(`$geoWithin takes exactly one shape: ${JSON.stringify(keys)}`);
  const arg = (operand as Doc)[shape];
  switch (shape) {
    case '$geometry': {
      const region = parseGeoJson(arg);
      if (region.type !== 'Polygon' && region.type !== 'MultiPolygon') {
        throw bad(`$geoWithin not supported with provided geometry: ${JSON.stringify(operand)}`);
      }
      return (stored) =>
        !stored.parts.some((p) => p.kind === 'point' && Number.isNaN(p.vec[0])) &&
        geometryWithin(stored, region);
    }
    case '$box': {
      if (!Array.isArray(arg) || arg.length !== 2) throw bad('$box requires an array of two points');
      const a = pair(arg[0], '$box');
      const b = pair(arg[1], '$box');
      return (stored) => {
        const p = flatPoint(stored);
        return p !== undefined && inBox(p, a, b);
      };
    }
    case '$polygon': {
      if (!Array.isArray(arg)) throw bad('$polygon requires an array of points');
      const vertices = arg.map((v) => pair(v, '$polygon'));
      if (vertices.length < 3) throw bad('Polygon must have at least 3 points');
      return (stored) => {
        const p = flatPoint(stored);
        return p !== undefined && inPlanarPolygon(p, vertices);
      };
    }
    case '$center': {
      const [center, r] = circleArgs(arg, '$center');
      return (stored) => {
        const p = flatPoint(stored);
        return p !== undefined && planarDistance(p, center) <= r;
      };
    }
    case '$centerSphere': {
      const [center, r] = circleArgs(arg, '$centerSphere');
      if (Math.abs(center[0]) > 180 || Math.abs(center[1]) > 90)
        throw bad('Spherical MaxDistance > PI. Are you sure you are using radians?');
      const c = toVec(center[0], center[1]);
      return (stored) => {
        const points = pointsOf(stored);
        return points.every(
          (p) =>
            Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90 && angleBetween(toVec(p[0], p[1]) as Vec3, c) <= r,
        );
      };
    }
    default:
      throw bad(`unknown geo specifier: ${shape}: ${JSON.stringify(arg)}`);
  }
}

/**
 * Compiles the operand of `$geoIntersects` (`{ $geometry: <GeoJSON> }`).
 *
 * @example
 * ```ts
 * compileIntersects({ $geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } });
 * ```
 */
export function compileIntersects(operand: unknown): GeometryTest {
  if (!isPlainDocument(operand) || !('$geometry' in operand) || Object.keys(operand).length !== 1) {
    throw bad(`$geoIntersects requires a $geometry: ${JSON.stringify(operand)}`);
  }
  const region = parseGeoJson(operand['$geometry']);
  return (stored) =>
    !stored.parts.some((p) => p.kind === 'point' && Number.isNaN(p.vec[0])) &&
    geometriesIntersect(stored, region);
}
