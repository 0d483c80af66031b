import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { isPlainDocument } from '../query/compare.js';
import { geoNumber, legacyPair, parseGeoJson } from '../query/geo/geometry.js';
import type { GeoIndexKind } from '../query/geo/near-query.js';
import { getPathValues } from '../query/path.js';
import type { IndexDefinition } from './index-definition.js';

function cannotCreate(message: string): ServerError {
  return new ServerError({ code: 67, codeName: 'CannotCreateIndex' }, message);
}

/**
 * Validates the geo parts of an index specification with MongoDB's rules and returns the
 * options `listIndexes` reports (`2dsphereIndexVersion: 3` by default).
 *
 * @example
 * ```ts
 * geoIndexOptions({ loc: '2dsphere' }, {}); // { '2dsphereIndexVersion': 3 }
 * ```
 */
export function geoIndexOptions(key: Doc, raw: Doc): Doc {
  const types = Object.values(key);
  const extra: Doc = {};
  const twoD = types.filter((t) => t === '2d').length;
  if (twoD > 1) throw new ServerError({ code: 16800, codeName: 'Location16800' }, "can't have 2 geo fields");
  if (twoD === 1 && types[0] !== '2d')
    throw new ServerError({ code: 16801, codeName: 'Location16801' }, '2d has to be first in index');
  if (twoD === 1) {
    const bits = raw['bits'] === undefined ? 26 : geoNumber(raw['bits']);
    if (bits === undefined || !Number.isInteger(bits) || bits < 1 || bits > 32) {
      throw new ServerError('InvalidOptions', 'bits in geo index must be between 1 and 32');
    }
    const min = raw['min'] === undefined ? -180 : geoNumber(raw['min']);
    const max = raw['max'] === undefined ? 180 : geoNumber(raw['max']);
    if (min === undefined || max === undefined)
      throw new ServerError('TypeMismatch', 'min and max of a 2d index must be numbers');
    if (!(max > min)) throw new ServerError('InvalidOptions', 'need a max bigger than min');
  }
  if (types.includes('2dsphere')) {
    const version = raw['2dsphereIndexVersion'] === undefined ? 3 : geoNumber(raw['2dsphereIndexVersion']);
    if (version !== 1 && version !== 2 && version !== 3) {
      throw cannotCreate(
        `unsupported geo index version { 2dsphereIndexVersion : ${String(version ?? raw['2dsphereIndexVersion'])} }, only support versions: [1,2,3]`,
      );
    }
    if (raw['2dsphereIndexVersion'] === undefined) extra['2dsphereIndexVersion'] = 3;
  }
  return extra;
}

/**
 * The geo index kinds (2d / 2dsphere) defined on `path` among `definitions`.
 *
 * @example
 * ```ts
 * geoIndexKinds([parseIndexSpec({ key: { loc: '2dsphere' } })], 'loc'); // ['2dsphere']
 * ```
 */
export function geoIndexKinds(definitions: Iterable<IndexDefinition>, path: string): GeoIndexKind[] {
  const kinds: GeoIndexKind[] = [];
  for (const definition of definitions) {
    if (definition.hidden) continue;
    const type = definition.key[path];
    if ((type === '2d' || type === '2dsphere') && !kinds.includes(type)) kinds.push(type);
  }
  return kinds;
}

function geoKeyError(doc: Doc, reason: string): ServerError {
  return new ServerError(
    { code: 16755, codeName: 'Location16755' },
    `Can't extract geo keys: ${summarize(doc)}  ${reason}`,
  );
}

function summarize(doc: Doc): string {
  try {
    return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return '{ … }';
  }
}

function check2dsphereValue(doc: Doc, value: unknown): void {
  if (value === undefined || value === null) return;
  if (isPlainDocument(value) && 'type' in value) {
    try {
      parseGeoJson(value);
    } catch (error) {
      throw geoKeyError(doc, (error as Error).message);
    }
    return;
  }
  const pair = legacyPair(value);
  if (pair) {
    if (pair[0] < -180 || pair[0] > 180 || pair[1] < -90 || pair[1] > 90) {
      throw geoKeyError(doc, `longitude/latitude is out of bounds, lng: ${pair[0]} lat: ${pair[1]}`);
    }
    return;
  }
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => Array.isArray(v) || isPlainDocument(v))
  ) {
    for (const item of value) check2dsphereValue(doc, item);
    return;
  }
  throw geoKeyError(doc, `geo element must be an array or object: ${summarize({ value })}`);
}

function check2dValue(doc: Doc, value: unknown, min: number, max: number): void {
  if (value === undefined || value === null) return;
  const pair = legacyPair(value);
  if (pair) {
    for (const c of pair) {
      if (c < min || c >= max) {
        throw new ServerError(
          { code: 13027, codeName: 'Location13027' },
          `point not in interval of [ ${min}, ${max} ) :: caused by :: ${summarize(doc)}`,
        );
      }
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => legacyPair(v) !== undefined)) {
    for (const item of value) check2dValue(doc, item, min, max);
    return;
  }
  throw new ServerError(
    { code: 13026, codeName: 'Location13026' },
    `geo values must be 'legacy coordinate pairs' for 2d indexes: ${summarize(doc)}`,
  );
}

/**
 * Throws the error MongoDB raises when `doc` cannot be indexed by a geo index (16755 for a
 * 2dsphere index over invalid GeoJSON, 13027/13026 for a 2d index); does nothing for other indexes.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * assertGeoKeys(def, { loc: { type: 'Point', coordinates: [200, 0] } }); // throws 16755
 * ```
 */
export function assertGeoKeys(definition: IndexDefinition, doc: Doc): void {
  for (const [field, type] of Object.entries(definition.key)) {
    if (type === '2dsphere') {
      for (const value of getPathValues(doc, field, { expandLeafArrays: false }))
        check2dsphereValue(doc, value);
    } else if (type === '2d') {
      const min = geoNumber(definition.spec['min']) ?? -180;
      const max = geoNumber(definition.spec['max']) ?? 180;
      for (const value of getPathValues(doc, field, { expandLeafArrays: false }))
        check2dValue(doc, value, min, max);
    }
  }
}
