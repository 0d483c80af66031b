import type { Doc } from '../../bson.js';
import { compileFilter } from '../match.js';
import { compileSort } from '../sort.js';
import { evaluate, isDocument, typeName, validateExpression, withVars } from '../expression/evaluate.js';
import { fail } from '../expression/fail.js';
import { numToDouble, toNum } from '../expression/numeric.js';
import type { StageContext, StageFn } from './context.js';
import { compileAddFields, compileProjectStage, compileUnset } from './projection.js';

/** MongoDB 7.0's `parseIntegerElementToNonNegativeLong` checks for `$skip`/`$limit` (codes 5107200/5107201). */
function nonNegativeInteger(spec: unknown, stage: string, code: number): number {
  const n = toNum(spec);
  if (!n)
    throw fail(code, `invalid argument to ${stage} stage: Expected a number in: ${stage}: ${String(spec)}`);
  const v = numToDouble(n);
  if (!Number.isInteger(v))
    throw fail(code, `invalid argument to ${stage} stage: Expected an integer: ${stage}: ${v}`);
  if (v < 0)
    throw fail(code, `invalid argument to ${stage} stage: Expected a non-negative number in: ${stage}: ${v}`);
  return v;
}

/**
 * `$match`: filters with the query language (`compileFilter`).
 *
 * @example
 * ```ts
 * { $match: { qty: { $gt: 1 } } }
 * ```
 */
export const $match: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(15959, 'the match filter must be an expression in an object');
  const filter = compileFilter(spec, { variables: { ...sc.vars }, collation: sc.pipeline.collation });
  return docs.filter((doc) => filter.test(doc));
};

/**
 * `$project`: reshapes documents: inclusion, exclusion or computed fields.
 *
 * @example
 * ```ts
 * { $project: { name: 1, total: { $add: ['$a', '$b'] } } }
 * ```
 */
export const $project: StageFn = (docs, spec, sc) => {
  const project = compileProjectStage(spec);
  return docs.map((doc) => project(doc, sc.env(doc)));
};

/**
 * `$addFields`/`$set`: adds or replaces fields.
 *
 * @example
 * ```ts
 * { $set: { total: { $add: ['$a', '$b'] } } }
 * ```
 */
export function addFieldsStage(stage: '$addFields' | '$set'): StageFn {
  return (docs, spec, sc) => {
    const add = compileAddFields(spec, stage);
    return docs.map((doc) => add(doc, sc.env(doc)));
  };
}

/**
 * `$unset`: removes fields (an exclusion projection).
 *
 * @example
 * ```ts
 * { $unset: ['a', 'b.c'] }
 * ```
 */
export const $unset: StageFn = (docs, spec) => {
  const unset = compileUnset(spec);
  return docs.map(unset);
};

/**
 * `$limit`: keeps the first n documents.
 *
 * @example
 * ```ts
 * { $limit: 10 }
 * ```
 */
export const $limit: StageFn = (docs, spec) => {
  const v = nonNegativeInteger(spec, '$limit', 5107201);
  if (v === 0) throw fail(15958, 'the limit must be positive');
  return docs.slice(0, v);
};

/**
 * `$skip`: drops the first n documents.
 *
 * @example
 * ```ts
 * { $skip: 10 }
 * ```
 */
export const $skip: StageFn = (docs, spec) => {
  return docs.slice(nonNegativeInteger(spec, '$skip', 5107200));
};

/**
 * `$sort`: sorts stably by a sort specification (`compileSort`).
 *
 * @example
 * ```ts
 * { $sort: { qty: -1, _id: 1 } }
 * ```
 */
export const $sort: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec)) throw fail(15973, 'the $sort key specification must be an object');
  if (Object.keys(spec).length === 0) throw fail(15976, '$sort stage must have at least one sort key');
  const cmp = compileSort(spec, { collation: sc.pipeline.collation });
  return docs
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => cmp(a.doc, b.doc) || a.i - b.i)
    .map((x) => x.doc);
};

function replaceRoot(docs: Doc[], expr: unknown, sc: StageContext): Doc[] {
  validateExpression(expr);
  return docs.map((doc) => {
    const root = evaluate(expr, sc.env(doc));
    if (!isDocument(root)) {
      throw fail(
        40228,
        `'newRoot' expression must evaluate to an object, but resulting value was: ${root === undefined ? 'MISSING' : String(root)}. Type of resulting value: '${typeName(root)}'.`,
      );
    }
    return root;
  });
}

/**
 * `$replaceRoot`: replaces each document by an embedded document.
 *
 * @example
 * ```ts
 * { $replaceRoot: { newRoot: '$address' } }
 * ```
 */
export const $replaceRoot: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec) || !('newRoot' in spec))
    throw fail(40231, 'no newRoot specified for the $replaceRoot stage');
  for (const key of Object.keys(spec)) {
    if (key !== 'newRoot') throw fail(40415, `BSON field '$replaceRoot.${key}' is an unknown field.`);
  }
  return replaceRoot(docs, spec['newRoot'], sc);
};

/**
 * `$replaceWith`: `$replaceRoot` with the expression given directly.
 *
 * @example
 * ```ts
 * { $replaceWith: { $mergeObjects: ['$a', '$b'] } }
 * ```
 */
export const $replaceWith: StageFn = (docs, spec, sc) => replaceRoot(docs, spec, sc);

/**
 * `$sample`: a random selection of documents, without replacement.
 *
 * @example
 * ```ts
 * { $sample: { size: 3 } }
 * ```
 */
export const $sample: StageFn = (docs, spec) => {
  if (!isDocument(spec)) throw fail(28745, 'the $sample stage specification must be an object');
  for (const key of Object.keys(spec)) {
    if (key !== 'size') throw fail(28748, `unrecognized option to $sample: ${key}`);
  }
  if (!('size' in spec)) throw fail(28749, '$sample stage must specify a size');
  const n = toNum(spec['size']);
  if (!n) throw fail(28746, 'size argument to $sample must be a number');
  const size = numToDouble(n);
  if (size < 0) throw fail(28747, 'size argument to $sample must not be negative');
  const pool = docs.slice();
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as Doc, pool[i] as Doc];
  }
  return pool.slice(0, Math.floor(size));
};

/**
 * `$documents`: literal documents (the first stage of a collection-less pipeline).
 *
 * @example
 * ```ts
 * { $documents: [{ x: 1 }, { x: 2 }] }
 * ```
 */
export const $documents: StageFn = (_docs, spec, sc) => {
  const value = evaluate(spec, sc.env({}));
  if (!Array.isArray(value))
    throw fail(5858203, `error evaluating $documents: an array is expected, found ${typeName(value)}`);
  for (const doc of value) {
    if (!isDocument(doc)) throw fail(40228, `$documents entries must be objects, found ${typeName(doc)}`);
  }
  return value as Doc[];
};

const REDACT_VARS = { DESCEND: 'descend', PRUNE: 'prune', KEEP: 'keep' };

/**
 * `$redact`: prunes documents and embedded documents by `$$KEEP`/`$$PRUNE`/`$$DESCEND`.
 *
 * @example
 * ```ts
 * { $redact: { $cond: [{ $eq: ['$level', 'secret'] }, '$$PRUNE', '$$DESCEND'] } }
 * ```
 */
export const $redact: StageFn = (docs, spec, sc) => {
  validateExpression(spec);
  const visit = (doc: Doc, root: Doc): Doc | undefined => {
    const env = withVars({ ...sc.env(root), vars: { ...sc.vars, ...REDACT_VARS } }, { CURRENT: doc });
    const decision = evaluate(spec, env);
    if (decision === 'keep') return doc;
    if (decision === 'prune') return undefined;
    if (decision !== 'descend') {
      throw fail(
        17053,
        `$redact's expression should not return anything aside from the variables $$KEEP, $$DESCEND, and $$PRUNE, but returned ${String(decision)}`,
      );
    }
    const out: Doc = {};
    for (const [key, value] of Object.entries(doc)) {
      if (isDocument(value)) {
        const kept = visit(value, root);
        if (kept !== undefined) out[key] = kept;
      } else if (Array.isArray(value)) {
        out[key] = redactArray(value, root);
      } else out[key] = value;
    }
    return out;
  };
  const redactArray = (values: unknown[], root: Doc): unknown[] =>
    values.flatMap((item) => {
      if (isDocument(item)) {
        const kept = visit(item, root);
        return kept === undefined ? [] : [kept];
      }
      return Array.isArray(item) ? [redactArray(item, root)] : [item];
    });
  return docs.flatMap((doc) => {
    const kept = visit(doc, doc);
    return kept === undefined ? [] : [kept];
  });
};

const FACET_FORBIDDEN = [
  '$collStats',
  '$facet',
  '$geoNear',
  '$indexStats',
  '$out',
  '$merge',
  '$planCacheStats',
  '$search',
  '$changeStream',
];

/**
 * `$facet`: runs several sub-pipelines over the same input into one document.
 *
 * @example
 * ```ts
 * { $facet: { count: [{ $count: 'n' }], top: [{ $limit: 3 }] } }
 * ```
 */
export const $facet: StageFn = (docs, spec, sc) => {
  if (!isDocument(spec) || Object.keys(spec).length === 0)
    throw fail(40169, 'the $facet specification must be a non-empty object');
  const out: Doc = {};
  for (const [name, pipeline] of Object.entries(spec)) {
    if (!Array.isArray(pipeline))
      throw fail(40170, `arguments to $facet must be arrays, ${name} is type ${typeName(pipeline)}`);
    for (const stage of pipeline) {
      const stageName = isDocument(stage) ? Object.keys(stage)[0] : undefined;
      if (stageName !== undefined && FACET_FORBIDDEN.includes(stageName)) {
        throw fail(40600, `${stageName} is not allowed to be used within a $facet stage`);
      }
    }
    out[name] = sc.run(docs, pipeline, '$facet');
  }
  return [out];
};

function outputTarget(value: unknown, db: string, stage: string): { db: string; coll: string } {
  if (typeof value === 'string') return { db, coll: value };
  if (isDocument(value) && typeof value['coll'] === 'string') {
    return { db: typeof value['db'] === 'string' ? value['db'] : db, coll: value['coll'] };
  }
  throw fail(
    stage === '$out' ? 16990 : 51178,
    `${stage} only supports a string or object argument, not ${typeName(value)}`,
  );
}

const MERGE_FIELDS = ['into', 'on', 'let', 'whenMatched', 'whenNotMatched'];

/** Parse-time checks of a `$merge` spec (the storage layer applies the modes). */
function checkMergeOptions(options: Doc): void {
  for (const key of Object.keys(options)) {
    if (!MERGE_FIELDS.includes(key)) throw fail(40415, `BSON field '$merge.${key}' is an unknown field.`);
  }
  if (!('into' in options)) throw fail(40414, "BSON field '$merge.into' is missing but a required field");
  const whenMatched = options['whenMatched'];
  if (
    whenMatched !== undefined &&
    !Array.isArray(whenMatched) &&
    !['replace', 'keepExisting', 'merge', 'fail'].includes(whenMatched as string)
  ) {
    throw fail(
      2,
      `Enumeration value '${String(whenMatched)}' for field '$merge.whenMatched' is not a valid value.`,
    );
  }
  const whenNotMatched = options['whenNotMatched'];
  if (whenNotMatched !== undefined && !['insert', 'discard', 'fail'].includes(whenNotMatched as string)) {
    throw fail(
      2,
      `Enumeration value '${String(whenNotMatched)}' for field '$merge.whenNotMatched' is not a valid value.`,
    );
  }
}

/**
 * `$out`/`$merge`: hands the documents to the storage callback; must be the last stage.
 *
 * @example
 * ```ts
 * { $merge: { into: 'totals', on: '_id' } }
 * ```
 */
export function outputStage(stage: '$out' | '$merge'): StageFn {
  return (docs, spec, sc) => {
    if (!sc.isLast) throw fail(40601, `${stage} can only be the final stage in the pipeline`);
    if (sc.nestedIn === '$facet')
      throw fail(40600, `${stage} is not allowed to be used within a $facet stage`);
    if (sc.nestedIn === '$lookup')
      throw fail(51047, `${stage} is not allowed within a $lookup's sub-pipeline`);
    if (sc.nestedIn === '$unionWith')
      throw fail(31441, `${stage} is not allowed within a $unionWith's sub-pipeline`);
    let target: { db: string; coll: string };
    let options: Doc;
    if (stage === '$out') {
      target = outputTarget(spec, sc.pipeline.dbName, stage);
      options = isDocument(spec) ? spec : { coll: spec };
    } else {
      options = isDocument(spec) ? spec : { into: spec };
      checkMergeOptions(options);
      target = outputTarget(options['into'], sc.pipeline.dbName, stage);
    }
    if (!sc.pipeline.writeCollection) throw fail(20, `${stage} is not supported in this context`);
    sc.pipeline.writeCollection(target, docs, stage, options);
    return [];
  };
}
