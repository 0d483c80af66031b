import { Long } from 'bson';
import type { Doc } from '../../bson.js';
import { canonicalKey } from '../compare.js';
import { type CompiledFilter, compileFilter } from '../match.js';
import { getPathValues } from '../path.js';
import { evaluate, isDocument, typeName, validateExpression } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { checkVariableName } from '../expression/logic.js';
import { numToDouble, toNum } from '../expression/numeric.js';
import type { StageContext, StageFn } from './context.js';
import { writeDocPath } from './unwind.js';

/** The `from`/`coll` of a stage: a collection name of this database or `{ db, coll }`. */
function namespaceOf(value: unknown, sc: StageContext, stage: string): { db: string; coll: string } {
  if (typeof value === 'string') return { db: sc.pipeline.dbName, coll: value };
  if (isDocument(value) && typeof value['coll'] === 'string') {
    return { db: typeof value['db'] === 'string' ? value['db'] : sc.pipeline.dbName, coll: value['coll'] };
  }
  throw fail(9, `${stage} 'from' must be a string or {db, coll}, found ${typeName(value)}`);
}

/** Join keys of a local document: the values at `path` with arrays expanded; none means null. */
function localKeys(doc: Doc, path: string): string[] {
  const values = getPathValues(doc, path);
  return values.length === 0 ? [canonicalKey(null)] : values.map(canonicalKey);
}

/**
 * Join keys of a foreign document, matching what `{<path>: {$eq: key}}` would: every value
 * (arrays expanded, and whole), plus null when the query `{<path>: null}` matches (missing fields).
 */
function foreignKeys(doc: Doc, path: string, nullFilter: CompiledFilter): Set<string> {
  const keys = new Set(getPathValues(doc, path).map(canonicalKey));
  for (const whole of getPathValues(doc, path, { expandLeafArrays: false })) {
    if (Array.isArray(whole)) keys.add(canonicalKey(whole));
  }
  if (nullFilter.test(doc)) keys.add(canonicalKey(null));
  return keys;
}

/**
 * `$lookup`: joins documents of another collection (equality on local/foreign fields, and/or a correlated pipeline).
 *
 * @example
 * ```ts
 * { $lookup: { from: 'inventory', localField: 'sku', foreignField: 'sku', as: 'stock' } }
 * ```
 */
export const $lookup: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec))
    throw fail(9, `the $lookup specification must be an Object, but found ${typeName(spec)}`);
  for (const key of Object.keys(spec)) {
    if (!['from', 'localField', 'foreignField', 'as', 'let', 'pipeline'].includes(key))
      throw fail(9, `unknown argument to $lookup: ${key}`);
  }
  const as = spec['as'];
  if (typeof as !== 'string' || as === '') throw fail(9, "must specify 'as' field for a $lookup");
  const hasLocal = 'localField' in spec;
  const hasForeign = 'foreignField' in spec;
  if (hasLocal !== hasForeign)
    throw fail(9, "$lookup requires both or neither of 'localField' and 'foreignField' to be specified");
  const pipeline = spec['pipeline'];
  if (!hasLocal && pipeline === undefined)
    throw fail(
      9,
      "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified",
    );
  if (pipeline !== undefined && !Array.isArray(pipeline))
    throw fail(9, "'pipeline' option must be specified as an array");
  if ('let' in spec && pipeline === undefined)
    throw fail(9, "$lookup with 'let' must also specify 'pipeline'");
  const letSpec = spec['let'] ?? {};
  if (!isDocument(letSpec)) throw fail(9, "$lookup argument 'let' must be an object");
  for (const [name, expr] of Object.entries(letSpec)) {
    checkVariableName(name);
    validateExpression(expr);
  }
  const startsWithDocuments =
    Array.isArray(pipeline) && isDocument(pipeline[0]) && '$documents' in pipeline[0];
  let foreign: Doc[] = [];
  if (spec['from'] !== undefined) {
    const ns = namespaceOf(spec['from'], sc, '$lookup');
    foreign = sc.pipeline.resolveCollection(ns.db, ns.coll);
  } else if (!startsWithDocuments) {
    throw fail(9, "must specify 'from' field for a $lookup");
  }
  const localField = hasLocal ? spec['localField'] : undefined;
  const foreignField = hasForeign ? spec['foreignField'] : undefined;
  if (hasLocal && (typeof localField !== 'string' || typeof foreignField !== 'string')) {
    throw fail(9, "$lookup argument 'localField'/'foreignField' must be a string");
  }
  const asParts = as.split('.');
  const index = new Map<string, Doc[]>();
  if (typeof foreignField === 'string') {
    const nullFilter = compileFilter({ [foreignField]: null });
    for (const fdoc of foreign) {
      for (const key of foreignKeys(fdoc, foreignField, nullFilter)) {
        const list = index.get(key) ?? [];
        list.push(fdoc);
        index.set(key, list);
      }
    }
  }
  return docs.map((doc) => {
    let matches = foreign;
    if (typeof localField === 'string') {
      const seen = new Set<Doc>();
      for (const key of localKeys(doc, localField)) for (const fdoc of index.get(key) ?? []) seen.add(fdoc);
      matches = foreign.filter((f) => seen.has(f));
    }
    if (Array.isArray(pipeline)) {
      const env = sc.env(doc);
      const vars: Doc = {};
      for (const [name, expr] of Object.entries(letSpec)) vars[name] = evaluate(expr, env) ?? null;
      matches = sc.run(matches, pipeline, '$lookup', vars);
    }
    return writeDocPath(doc, asParts, matches);
  });
};

/**
 * `$unionWith`: appends the documents of another collection (optionally through a pipeline).
 *
 * @example
 * ```ts
 * { $unionWith: { coll: 'archive', pipeline: [{ $match: { year: 2024 } }] } }
 * ```
 */
export const $unionWith: StageFn = (docs, spec, sc) => {
  const options = typeof spec === 'string' ? { coll: spec } : spec;
  if (!isDocument(options))
    throw fail(
      40538,
      `the $unionWith stage specification must be an object or string, but found ${typeName(spec)}`,
    );
  for (const key of Object.keys(options)) {
    if (key !== 'coll' && key !== 'pipeline')
      throw fail(40415, `BSON field '$unionWith.${key}' is an unknown field.`);
  }
  const pipeline = options['pipeline'] ?? [];
  if (!Array.isArray(pipeline))
    throw fail(14, "BSON field '$unionWith.pipeline' is the wrong type, expected type 'array'");
  let other: Doc[] = [];
  if (options['coll'] !== undefined) {
    const ns = namespaceOf(options['coll'], sc, '$unionWith');
    other = sc.pipeline.resolveCollection(ns.db, ns.coll);
  } else if (!(isDocument(pipeline[0]) && '$documents' in pipeline[0])) {
    throw fail(40415, "BSON field '$unionWith.coll' is missing but a required field");
  }
  return [...docs, ...sc.run(other, pipeline, '$unionWith')];
};

/**
 * `$graphLookup`: recursive search over another collection, breadth first, with optional depth field.
 *
 * @example
 * ```ts
 * { $graphLookup: { from: 'staff', startWith: '$boss', connectFromField: 'boss', connectToField: 'name', as: 'chain' } }
 * ```
 */
export const $graphLookup: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(9, 'the $graphLookup stage specification must be an object');
  const allowed = [
    'from',
    'startWith',
    'connectFromField',
    'connectToField',
    'as',
    'maxDepth',
    'depthField',
    'restrictSearchWithMatch',
  ];
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key)) throw fail(40104, `Unknown argument to $graphLookup: ${key}`);
  }
  for (const key of ['from', 'startWith', 'connectFromField', 'connectToField', 'as']) {
    if (!(key in spec)) throw fail(40105, `$graphLookup requires '${key}' to be specified`);
  }
  const { connectFromField: fromField, connectToField: toField, as, depthField } = spec;
  if (typeof fromField !== 'string' || typeof toField !== 'string' || typeof as !== 'string') {
    throw fail(40103, "$graphLookup 'connectFromField', 'connectToField' and 'as' must be strings");
  }
  if (depthField !== undefined && typeof depthField !== 'string')
    throw fail(40103, "$graphLookup 'depthField' must be a string");
  let maxDepth = Infinity;
  if (spec['maxDepth'] !== undefined) {
    const n = toNum(spec['maxDepth']);
    maxDepth = n ? numToDouble(n) : NaN;
    if (!Number.isInteger(maxDepth) || maxDepth < 0)
      throw fail(40101, "$graphLookup 'maxDepth' must be a nonnegative integer");
  }
  validateExpression(spec['startWith']);
  const ns = namespaceOf(spec['from'], sc, '$graphLookup');
  let foreign = sc.pipeline.resolveCollection(ns.db, ns.coll);
  const restrict = spec['restrictSearchWithMatch'];
  if (restrict !== undefined) {
    if (!isDocument(restrict)) throw fail(40185, "$graphLookup 'restrictSearchWithMatch' must be an object");
    const filter = compileFilter(restrict, { variables: sc.vars });
    foreign = foreign.filter((d) => filter.test(d));
  }
  const byTo = new Map<string, Doc[]>();
  const nullFilter = compileFilter({ [toField]: null });
  for (const fdoc of foreign) {
    for (const key of foreignKeys(fdoc, toField, nullFilter)) {
      const list = byTo.get(key) ?? [];
      list.push(fdoc);
      byTo.set(key, list);
    }
  }
  const asParts = as.split('.');
  return docs.map((doc) => {
    const start = evaluate(spec['startWith'], sc.env(doc));
    let frontier = (Array.isArray(start) ? start : [start]).map((v) => canonicalKey(v ?? null));
    const visited = new Set<string>();
    const found: Doc[] = [];
    const queried = new Set<string>();
    for (let depth = 0; frontier.length > 0 && depth <= maxDepth; depth += 1) {
      const next: string[] = [];
      for (const key of frontier) {
        if (queried.has(key)) continue;
        queried.add(key);
        for (const fdoc of byTo.get(key) ?? []) {
          const id = canonicalKey(fdoc['_id']);
          if (visited.has(id)) continue;
          visited.add(id);
          found.push(
            depthField === undefined
              ? fdoc
              : writeDocPath(fdoc, depthField.split('.'), Long.fromNumber(depth)),
          );
          const fromValues = getPathValues(fdoc, fromField);
          next.push(...fromValues.map(canonicalKey));
        }
      }
      frontier = next;
    }
    return writeDocPath(doc, asParts, found);
  });
};
