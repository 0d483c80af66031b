import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import type { Collation } from '../query/collation.js';
import { isPlainDocument } from '../query/compare.js';
import { geoNumber } from '../query/geo/geometry.js';
import {
  distanceOption,
  extractNear,
  type NearHit,
  nearMode,
  type NearMode,
  nearestFirst,
  type NearQuery,
  parseNearPoint,
} from '../query/geo/near-query.js';
import { compileFilter } from '../query/match.js';
import { setPathValue } from './geo-near-output.js';
import type { Engine, StorageTransaction } from './engine.js';
import { geoIndexKinds } from './geo-index.js';

/**
 * Applies a find filter's `$near`/`$nearSphere`: the geo index on its path decides the distance
 * mode (291 without one), and the matched documents come back nearest first within min/max.
 * Returns undefined when the filter has no near clause.
 *
 * @example
 * ```ts
 * // @no-check: needs values from its call site
 * const plan = planNearFind(engine, 'app', 'places', undefined, filter);
 * plan?.order(matchedByRest);
 * ```
 */
export function planNearFind(
  engine: Engine,
  db: string,
  coll: string,
  txn: StorageTransaction | undefined,
  filter: Doc,
): { rest: Doc; order(docs: readonly Doc[]): Doc[] } | undefined {
  const split = extractNear(filter);
  if (!split) return undefined;
  const collection = engine.getCollection(db, coll, txn);
  // A missing collection returns nothing instead of failing, like MongoDB's EOF plan.
  if (!collection) return { rest: split.rest, order: () => [] };
  const mode = nearMode(
    split.near,
    geoIndexKinds(
      [...collection.indexes.values()].map((i) => i.definition),
      split.near.path,
    ),
  );
  return { rest: split.rest, order: (docs) => nearestFirst(docs, split.near, mode).map((hit) => hit.doc) };
}

function stageError(code: number, message: string): ServerError {
  return new ServerError(
    { code, codeName: code === 27 ? 'IndexNotFound' : code === 2 ? 'BadValue' : `Location${code}` },
    message,
  );
}

/** Chooses the key of a `$geoNear` without `key`: the single 2d index, else the single 2dsphere one. */
function defaultGeoKey(definitions: ReadonlyArray<{ key: Doc }>, ns: string): string {
  for (const type of ['2d', '2dsphere'] as const) {
    const fields = definitions.flatMap((d) =>
      Object.entries(d.key)
        .filter(([, t]) => t === type)
        .map(([f]) => f),
    );
    if (fields.length > 1)
      throw stageError(27, `There is more than one ${type} index on ${ns}; unsure which to use for $geoNear`);
    if (fields.length === 1) return fields[0] as string;
  }
  throw stageError(27, '$geoNear requires a 2d or 2dsphere index, but none were found');
}

const STAGE_OPTIONS = new Set([
  'near',
  'distanceField',
  'spherical',
  'maxDistance',
  'minDistance',
  'query',
  'distanceMultiplier',
  'includeLocs',
  'key',
]);

/**
 * Runs a leading `$geoNear` stage against a collection: documents matching `query`, nearest
 * first, with the distance (times `distanceMultiplier`) in `distanceField` and, with
 * `includeLocs`, the location used.
 *
 * @example
 * ```ts
 * geoNearDocuments(engine, 'app', 'places', undefined, { near: { type: 'Point', coordinates: [0, 0] }, distanceField: 'd' });
 * ```
 */
export function geoNearDocuments(
  engine: Engine,
  db: string,
  coll: string,
  txn: StorageTransaction | undefined,
  spec: unknown,
  collation?: Collation,
): Doc[] {
  if (!isPlainDocument(spec)) throw stageError(10065, 'invalid parameter: expected an object ($geoNear)');
  for (const key of Object.keys(spec)) {
    if (!STAGE_OPTIONS.has(key)) throw stageError(2, `Unknown argument to $geoNear: ${key}`);
  }
  if (spec['near'] === undefined) throw stageError(5860400, "$geoNear requires a 'near' argument");
  const distanceField = spec['distanceField'];
  if (typeof distanceField !== 'string')
    throw stageError(16606, "$geoNear requires a 'distanceField' option as a String");
  const includeLocs = spec['includeLocs'];
  if (includeLocs !== undefined && typeof includeLocs !== 'string')
    throw stageError(16607, 'includeLocs must be a string');
  const query = spec['query'] ?? {};
  if (!isPlainDocument(query)) throw stageError(14, 'query must be an object');
  if (extractNear(query)) throw stageError(5626500, '$near is not allowed inside of a $geoNear query');
  const multiplier = spec['distanceMultiplier'] === undefined ? 1 : geoNumber(spec['distanceMultiplier']);
  if (multiplier === undefined || multiplier < 0)
    throw stageError(2, 'distanceMultiplier must be a non-negative number');
  const point = parseNearPoint(spec['near']);
  const spherical =
    spec['spherical'] === true || (spec['spherical'] !== undefined && geoNumber(spec['spherical']) === 1);
  const collection = engine.getCollection(db, coll, txn);
  if (!collection) return [];
  const definitions = [...collection.indexes.values()].map((i) => i.definition);
  const keySpec = spec['key'];
  if (keySpec !== undefined && (typeof keySpec !== 'string' || keySpec === ''))
    throw stageError(2, "$geoNear parameter 'key' must be of type string but found type: " + typeof keySpec);
  const path = keySpec ?? defaultGeoKey(definitions, `${db}.${coll}`);
  const kinds = geoIndexKinds(definitions, path);
  if (kinds.length === 0) throw stageError(27, `No index found for $geoNear on key: ${path}`);
  const near: NearQuery = {
    path,
    point: point.point,
    geoJson: point.geoJson,
    sphere: spherical,
    maxDistance: distanceOption(spec['maxDistance'], 'maxDistance'),
    minDistance: distanceOption(spec['minDistance'], 'minDistance'),
  };
  // A legacy point is planar only on a 2d index without `spherical`; otherwise radians on the sphere.
  const mode: NearMode = point.geoJson
    ? nearMode(near, kinds)
    : spherical || !kinds.includes('2d')
      ? 'radians'
      : 'planar';
  const compiled = compileFilter(query, { collation });
  const matched = engine.readDocuments(db, coll, txn, { filter: query, compiled, hint: undefined });
  return nearestFirst(matched, near, mode).map((hit: NearHit) => {
    let out = setPathValue(hit.doc, distanceField, hit.distance * multiplier);
    if (includeLocs !== undefined) out = setPathValue(out, includeLocs, hit.location);
    return out;
  });
}
