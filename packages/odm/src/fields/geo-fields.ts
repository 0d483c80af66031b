import type { ValidationIssue } from '../errors/validation-error.js';
import { hasOperatorKey, isPlainObject } from '../util/is-plain-object.js';
import type { FieldContext } from './tracked.js';
import { BaseField, type BaseFieldOptions } from './base-field.js';
import { checkCoordinates, checkGeometry, type GeoJsonType, type Position } from './geo-json.js';

/** Index type a geo field asks the document's index builder to create. */
export type GeoIndexType = '2d' | '2dsphere';

/** Distance operands (numbers), not geometries. */
const DISTANCE_OPS = new Set(['max_distance', 'min_distance']);

/**
 * A legacy coordinate pair `[x, y]`, indexed with a `2d` index.
 *
 * @example
 * const location = new GeoPointField(); // holds [x, y]
 */
export class GeoPointField<
  const TOptions extends BaseFieldOptions<Position> = BaseFieldOptions<Position>,
> extends BaseField<Position, TOptions> {
  readonly fieldType: string = 'GeoPointField';
  /** The automatic index of this field. */
  readonly indexType: GeoIndexType | undefined = '2d';

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!Array.isArray(value) || value.length !== 2) {
      return [this.issue(path, 'type', 'GeoPointField can only accept a list of two numbers [x, y]')];
    }
    if (!value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return [this.issue(path, 'type', `Both values (${JSON.stringify(value)}) in point must be numbers`)];
    }
    return [];
  }

  override prepareQueryValue(op: string | undefined, value: unknown): unknown {
    return prepareGeoQuery(this, op, value);
  }

  /** Rejects operator objects in geo query operands; checks distances are numbers. */
  queryErrorFor(op: string | undefined, value: unknown, expected: string): Error {
    return this.queryError(op, value, expected);
  }
}

/** Options of the GeoJSON fields. */
export interface GeoJsonFieldOptions<TValue> extends BaseFieldOptions<TValue> {
  /** Create a 2dsphere index for this field (default true). */
  readonly autoIndex?: boolean;
}

/** A GeoJSON geometry of one type. */
export interface GeoJson<TType extends GeoJsonType, TCoordinates> {
  /** The geometry type, e.g. `'Point'`. */
  type: TType;
  /** The coordinates, `[longitude, latitude]` positions nested as the type requires. */
  coordinates: TCoordinates;
}

/**
 * Base of the GeoJSON fields: accepts `{ type, coordinates }` or bare coordinates (wrapped on
 * write), checks the structure (2-D points, longitude/latitude ranges, closed rings), and asks
 * for a `2dsphere` index unless `autoIndex: false`.
 *
 * @example
 * const area = new PolygonField();
 * doc.area = [[[0, 0], [0, 1], [1, 1], [0, 0]]]; // stored as { type: 'Polygon', coordinates: [...] }
 */
export abstract class GeoJsonBaseField<
  TType extends GeoJsonType,
  TCoordinates,
  TOptions extends GeoJsonFieldOptions<GeoJson<TType, TCoordinates>>,
> extends BaseField<GeoJson<TType, TCoordinates>, TOptions, GeoJson<TType, TCoordinates> | TCoordinates> {
  /** The one GeoJSON type this field accepts and writes, e.g. `'Polygon'`. */
  abstract readonly geoType: TType;

  /** The automatic index of this field (undefined with `autoIndex: false`). */
  get indexType(): GeoIndexType | undefined {
    return this.options.autoIndex === false ? undefined : '2dsphere';
  }

  override cast(value: unknown): unknown {
    if (Array.isArray(value)) return { type: this.geoType, coordinates: value };
    return value;
  }

  override toMongo(value: unknown): unknown {
    return this.cast(value);
  }

  override toJs(raw: unknown, _ctx?: FieldContext): unknown {
    return this.cast(raw);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!isPlainObject(value)) {
      return [
        this.issue(
          path,
          'type',
          `${this.geoType} can only accept a valid GeoJSON object or a list of coordinates`,
        ),
      ];
    }
    if (value['type'] !== this.geoType) {
      return [
        this.issue(
          path,
          'type',
          `${this.geoType} type must be "${this.geoType}", got ${JSON.stringify(value['type'])}`,
        ),
      ];
    }
    const error = checkCoordinates(this.geoType, value['coordinates']);
    return error ? [this.issue(path, 'geojson', error)] : [];
  }

  override prepareQueryValue(op: string | undefined, value: unknown): unknown {
    return prepareGeoQuery(this, op, value);
  }

  /** Builds the error for a rejected geo query operand. */
  queryErrorFor(op: string | undefined, value: unknown, expected: string): Error {
    return this.queryError(op, value, expected);
  }
}

function isNumericTree(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every(isNumericTree);
}

/** Geo query operands: numbers for distances, coordinates, or a GeoJSON geometry; never operators. */
function prepareGeoQuery(
  field: BaseField<any, any, any> & {
    queryErrorFor(op: string | undefined, value: unknown, expected: string): Error;
  },
  op: string | undefined,
  value: unknown,
): unknown {
  if (op === 'exists') return BaseField.prototype.prepareQueryValue.call(field, op, value);
  if (op !== undefined && DISTANCE_OPS.has(op)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw field.queryErrorFor(op, value, 'a non-negative distance');
    return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    if (!isNumericTree(value)) throw field.queryErrorFor(op, value, 'coordinates (nested lists of numbers)');
    return op === undefined ? field.toMongo(value) : value;
  }
  if (isPlainObject(value) && !hasOperatorKey(value)) {
    const error = checkGeometry(value);
    if (error) throw field.queryErrorFor(op, value, `a GeoJSON geometry (${error})`);
    return value;
  }
  throw field.queryErrorFor(op, value, 'coordinates or a GeoJSON geometry');
}

/**
 * A GeoJSON Point: `[lon, lat]`.
 *
 * @example
 * const location = new PointField(); // doc.location = [2.35, 48.85]
 */
export class PointField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'Point', Position>> = GeoJsonFieldOptions<
    GeoJson<'Point', Position>
  >,
> extends GeoJsonBaseField<'Point', Position, TOptions> {
  readonly fieldType: string = 'PointField';
  readonly geoType = 'Point' as const;
}

/**
 * A GeoJSON LineString: two or more points.
 *
 * @example
 * const route = new LineStringField();
 */
export class LineStringField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'LineString', Position[]>> = GeoJsonFieldOptions<
    GeoJson<'LineString', Position[]>
  >,
> extends GeoJsonBaseField<'LineString', Position[], TOptions> {
  readonly fieldType: string = 'LineStringField';
  readonly geoType = 'LineString' as const;
}

/**
 * A GeoJSON Polygon: closed rings of four or more points (first point = last point).
 *
 * @example
 * const area = new PolygonField();
 */
export class PolygonField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'Polygon', Position[][]>> = GeoJsonFieldOptions<
    GeoJson<'Polygon', Position[][]>
  >,
> extends GeoJsonBaseField<'Polygon', Position[][], TOptions> {
  readonly fieldType: string = 'PolygonField';
  readonly geoType = 'Polygon' as const;
}

/**
 * A GeoJSON MultiPoint.
 *
 * @example
 * const stops = new MultiPointField();
 */
export class MultiPointField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'MultiPoint', Position[]>> = GeoJsonFieldOptions<
    GeoJson<'MultiPoint', Position[]>
  >,
> extends GeoJsonBaseField<'MultiPoint', Position[], TOptions> {
  readonly fieldType: string = 'MultiPointField';
  readonly geoType = 'MultiPoint' as const;
}

/**
 * A GeoJSON MultiLineString.
 *
 * @example
 * const routes = new MultiLineStringField();
 */
export class MultiLineStringField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'MultiLineString', Position[][]>> = GeoJsonFieldOptions<
    GeoJson<'MultiLineString', Position[][]>
  >,
> extends GeoJsonBaseField<'MultiLineString', Position[][], TOptions> {
  readonly fieldType: string = 'MultiLineStringField';
  readonly geoType = 'MultiLineString' as const;
}

/**
 * A GeoJSON MultiPolygon.
 *
 * @example
 * const islands = new MultiPolygonField();
 */
export class MultiPolygonField<
  const TOptions extends GeoJsonFieldOptions<GeoJson<'MultiPolygon', Position[][][]>> = GeoJsonFieldOptions<
    GeoJson<'MultiPolygon', Position[][][]>
  >,
> extends GeoJsonBaseField<'MultiPolygon', Position[][][], TOptions> {
  readonly fieldType: string = 'MultiPolygonField';
  readonly geoType = 'MultiPolygon' as const;
}
