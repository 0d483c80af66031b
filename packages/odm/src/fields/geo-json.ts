/** Structural checks for GeoJSON geometries (MongoDB's 2dsphere rules); each returns an error message or undefined. */

/** A `[longitude, latitude]` pair. */
export type Position = [number, number];

/** The GeoJSON geometry types MongoDB's `2dsphere` index supports (except `GeometryCollection`). */
export type GeoJsonType =
  'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';

function checkPosition(p: unknown, checkRange: boolean): string | undefined {
  if (!Array.isArray(p) || p.length !== 2)
    return `${JSON.stringify(p)} must be a two-dimensional point [x, y]`;
  if (!p.every((n) => typeof n === 'number' && Number.isFinite(n)))
    return `Both values (${JSON.stringify(p)}) in point must be numbers`;
  if (checkRange) {
    const [lon, lat] = p as Position;
    if (lon < -180 || lon > 180) return `Longitude ${lon} is out of range [-180, 180]`;
    if (lat < -90 || lat > 90) return `Latitude ${lat} is out of range [-90, 90]`;
  }
  return undefined;
}

function checkLine(line: unknown): string | undefined {
  if (!Array.isArray(line)) return 'A LineString must be a list of points';
  if (line.length < 2) return 'A LineString must have at least two points';
  for (const p of line) {
    const e = checkPosition(p, true);
    if (e) return `Invalid LineString: ${e}`;
  }
  return undefined;
}

function samePosition(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
}

function checkPolygon(rings: unknown): string | undefined {
  if (!Array.isArray(rings) || rings.length === 0) return 'A Polygon must be a list of linear rings';
  for (const ring of rings) {
    if (!Array.isArray(ring)) return 'A Polygon ring must be a list of points';
    for (const p of ring) {
      const e = checkPosition(p, true);
      if (e) return `Invalid Polygon: ${e}`;
    }
    if (ring.length < 4) return 'A Polygon ring must have at least four points (closed)';
    if (!samePosition(ring[0], ring[ring.length - 1]))
      return 'LineStrings must start and end at the same point';
  }
  return undefined;
}

/**
 * Checks the coordinates of a geometry of `type`.
 *
 * @example
 * checkCoordinates('Point', [200, 0]); // 'Longitude 200 is out of range [-180, 180]'
 */
export function checkCoordinates(type: GeoJsonType, coordinates: unknown): string | undefined {
  const many = (check: (c: unknown) => string | undefined): string | undefined => {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return `A ${type} must be a non-empty list`;
    for (const c of coordinates) {
      const e = check(c);
      if (e) return `Invalid ${type}: ${e}`;
    }
    return undefined;
  };
  switch (type) {
    case 'Point':
      return checkPosition(coordinates, true);
    case 'LineString':
      return checkLine(coordinates);
    case 'Polygon':
      return checkPolygon(coordinates);
    case 'MultiPoint':
      return many((c) => checkPosition(c, true));
    case 'MultiLineString':
      return many(checkLine);
    case 'MultiPolygon':
      return many(checkPolygon);
  }
}

/**
 * Checks any GeoJSON geometry object (`{ type, coordinates }`).
 *
 * @example
 * checkGeometry({ type: 'Point', coordinates: [2.35, 48.85] }); // undefined
 */
export function checkGeometry(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'A GeoJSON geometry must be an object';
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  const types: readonly string[] = [
    'Point',
    'LineString',
    'Polygon',
    'MultiPoint',
    'MultiLineString',
    'MultiPolygon',
  ];
  if (typeof type !== 'string' || !types.includes(type))
    return `Unknown GeoJSON type ${JSON.stringify(type)}`;
  return checkCoordinates(type as GeoJsonType, coordinates);
}
