import type { AnyField } from '../../fields/base-field.js';
import type { Condition } from './condition-set.js';
import { fieldOpName, type GeoOp } from './operators.js';

/** GeoJSON type of bare coordinates, by nesting depth (MongoEngine's geo_intersects rule). */
function geometryType(coordinates: unknown): string {
  let depth = 0;
  for (let v: unknown = coordinates; Array.isArray(v); v = v[0]) depth++;
  return depth <= 1 ? 'Point' : depth === 2 ? 'LineString' : 'Polygon';
}

function geometry(value: unknown, type: string): unknown {
  return Array.isArray(value) ? { type, coordinates: value } : value;
}

/**
 * The condition of a geo lookup. Operands are checked by the field (`prepareQueryValue`):
 * coordinates, a GeoJSON geometry, or a distance — never an operator object.
 *
 * @example
 * geoCondition(new PointField(), 'near', [2.35, 48.85]);
 * // { ops: { $near: { $geometry: { type: 'Point', coordinates: [2.35, 48.85] } } } }
 */
export function geoCondition(field: AnyField, op: GeoOp, value: unknown): Condition {
  const v = field.prepareQueryValue(fieldOpName(op), value);
  // A legacy [x, y] field (2d index) takes bare coordinates; GeoJSON fields take $geometry.
  const legacy = field.fieldType === 'GeoPointField';
  switch (op) {
    case 'geoWithin':
      return { ops: { $geoWithin: { $geometry: geometry(v, 'Polygon') } } };
    case 'geoWithinBox':
      return { ops: { $geoWithin: { $box: v } } };
    case 'geoWithinPolygon':
      return { ops: { $geoWithin: { $polygon: v } } };
    case 'geoWithinCenter':
      return { ops: { $geoWithin: { $center: v } } };
    case 'geoWithinSphere':
      return { ops: { $geoWithin: { $centerSphere: v } } };
    case 'geoIntersects':
      return { ops: { $geoIntersects: { $geometry: geometry(v, geometryType(v)) } } };
    case 'near':
      return { ops: { $near: legacy ? v : { $geometry: geometry(v, 'Point') } } };
    case 'nearSphere':
      return { ops: { $nearSphere: legacy ? v : { $geometry: geometry(v, 'Point') } } };
    case 'maxDistance':
      return { ops: { $maxDistance: v } };
    case 'minDistance':
      return { ops: { $minDistance: v } };
  }
}
