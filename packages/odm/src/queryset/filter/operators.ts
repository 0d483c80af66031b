/**
 * The lookup operators of MongoEngine's `field__op` keys, in camelCase (snake_case spellings
 * such as `geo_within` are accepted as aliases so ported code keeps working).
 */

/** Comparison operators that map one-to-one to `$op`. */
export const COMPARISON_OPS = ['ne', 'lt', 'lte', 'gt', 'gte'] as const;

/** Operators whose operand is a list (`$in`, `$nin`, `$all`). */
export const LIST_OPS = ['in', 'nin', 'all'] as const;

/** Operators whose operand is not of the field's type. */
export const SHAPE_OPS = ['size', 'exists', 'mod', 'type'] as const;

/** String lookups, compiled to regular expressions with the operand escaped. */
export const STRING_OPS = [
  'exact',
  'iexact',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'wholeword',
  'iwholeword',
  'regex',
  'iregex',
] as const;

/** Geo lookups (GeoJSON fields and legacy `GeoPointField`). */
export const GEO_OPS = [
  'geoWithin',
  'geoWithinBox',
  'geoWithinPolygon',
  'geoWithinCenter',
  'geoWithinSphere',
  'geoIntersects',
  'near',
  'nearSphere',
  'maxDistance',
  'minDistance',
] as const;

/** Sub-query operators on list fields (`match` is MongoEngine's alias of `elemMatch`). */
export const ELEM_MATCH_OPS = ['elemMatch', 'match'] as const;

export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export type StringOp = (typeof STRING_OPS)[number];
export type GeoOp = (typeof GEO_OPS)[number];

/** MongoEngine's snake_case spellings → our names. */
const ALIASES: Readonly<Record<string, string>> = {
  geo_within: 'geoWithin',
  geo_within_box: 'geoWithinBox',
  geo_within_polygon: 'geoWithinPolygon',
  geo_within_center: 'geoWithinCenter',
  geo_within_sphere: 'geoWithinSphere',
  geo_intersects: 'geoIntersects',
  near_sphere: 'nearSphere',
  max_distance: 'maxDistance',
  min_distance: 'minDistance',
  elem_match: 'elemMatch',
  match: 'elemMatch',
  // MongoEngine's legacy 2d names.
  withinDistance: 'geoWithinCenter',
  within_distance: 'geoWithinCenter',
  withinSphericalDistance: 'geoWithinSphere',
  within_spherical_distance: 'geoWithinSphere',
  withinBox: 'geoWithinBox',
  within_box: 'geoWithinBox',
  withinPolygon: 'geoWithinPolygon',
  within_polygon: 'geoWithinPolygon',
};

const ALL_OPS: ReadonlySet<string> = new Set<string>([
  ...COMPARISON_OPS,
  ...LIST_OPS,
  ...SHAPE_OPS,
  ...STRING_OPS,
  ...GEO_OPS,
  'elemMatch',
]);

const STRING_OP_SET: ReadonlySet<string> = new Set<string>(STRING_OPS);
const GEO_OP_SET: ReadonlySet<string> = new Set<string>(GEO_OPS);

/**
 * The canonical name of a lookup operator, or undefined when `part` is not one (then it is a
 * field name).
 *
 * @example
 * canonicalOp('geo_within'); // 'geoWithin'
 * canonicalOp('city'); // undefined
 */
export function canonicalOp(part: string): string | undefined {
  const name = Object.prototype.hasOwnProperty.call(ALIASES, part) ? ALIASES[part]! : part;
  return ALL_OPS.has(name) ? name : undefined;
}

/**
 * True for the string lookups (`icontains`, `startswith`…).
 *
 * @example
 * isStringOp('iexact'); // true
 */
export function isStringOp(op: string | undefined): op is StringOp {
  return op !== undefined && STRING_OP_SET.has(op);
}

/**
 * True for the geo lookups.
 *
 * @example
 * isGeoOp('near'); // true
 */
export function isGeoOp(op: string | undefined): op is GeoOp {
  return op !== undefined && GEO_OP_SET.has(op);
}

/**
 * The operator name a field's `prepareQueryValue` expects (the fields speak MongoEngine's
 * snake_case for the distance operators).
 *
 * @example
 * fieldOpName('maxDistance'); // 'max_distance'
 */
export function fieldOpName(op: string | undefined): string | undefined {
  if (op === 'maxDistance') return 'max_distance';
  if (op === 'minDistance') return 'min_distance';
  return op;
}
