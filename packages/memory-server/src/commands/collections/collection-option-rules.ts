import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { parseCollation } from '../../query/collation.js';
import { compileFilter } from '../../query/match.js';
import { toNumber } from '../../storage/numbers.js';

const VALIDATION_LEVELS = ['off', 'strict', 'moderate'];
const VALIDATION_ACTIONS = ['error', 'warn'];
const GRANULARITY_SPAN: Record<string, number> = { seconds: 3600, minutes: 86400, hours: 2592000 };

function isDoc(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks the validation options of `create`/`collMod` (`validator` must compile; levels and
 * actions are MongoDB's enums) and returns the stored form.
 *
 * @example
 * ```ts
 * validationOptions({ validator: { x: { $type: 'string' } }, validationLevel: 'moderate' });
 * ```
 */
export function validationOptions(cmd: Doc): Doc {
  const out: Doc = {};
  const validator = cmd['validator'];
  if (validator !== undefined) {
    if (!isDoc(validator))
      throw new ServerError(
        'TypeMismatch',
        "BSON field 'validator' is the wrong type, expected type 'object'",
      );
    for (const op of ['$near', '$nearSphere', '$text', '$where']) {
      if (op in validator)
        throw new ServerError('BadValue', `${op} is not allowed inside of a document validator`);
    }
    compileFilter(validator);
    out['validator'] = validator;
  }
  const level = cmd['validationLevel'];
  if (level !== undefined) {
    if (typeof level !== 'string' || !VALIDATION_LEVELS.includes(level)) {
      throw new ServerError(
        'BadValue',
        `Enumeration value '${String(level)}' for field 'validationLevel' is not a valid value.`,
      );
    }
    out['validationLevel'] = level;
  }
  const action = cmd['validationAction'];
  if (action !== undefined) {
    if (typeof action !== 'string' || !VALIDATION_ACTIONS.includes(action)) {
      throw new ServerError(
        'BadValue',
        `Enumeration value '${String(action)}' for field 'validationAction' is not a valid value.`,
      );
    }
    out['validationAction'] = action;
  }
  return out;
}

/**
 * Normalises `timeseries` as mongod reports it: `timeField` (required), `metaField`, and
 * `granularity` with its `bucketMaxSpanSeconds`, or custom bucketing seconds.
 *
 * @example
 * ```ts
 * timeseriesOptions({ timeField: 't', granularity: 'minutes' });
 * // { timeField: 't', granularity: 'minutes', bucketMaxSpanSeconds: 86400 }
 * ```
 */
export function timeseriesOptions(raw: unknown): Doc {
  if (!isDoc(raw))
    throw new ServerError(
      'TypeMismatch',
      "BSON field 'timeseries' is the wrong type, expected type 'object'",
    );
  const timeField = raw['timeField'];
  if (typeof timeField !== 'string') {
    throw new ServerError(
      { code: 40414, codeName: 'Location40414' },
      "BSON field 'timeseries.timeField' is missing but a required field",
    );
  }
  const out: Doc = { timeField };
  const metaField = raw['metaField'];
  if (metaField !== undefined) {
    if (typeof metaField !== 'string')
      throw new ServerError(
        'TypeMismatch',
        "BSON field 'timeseries.metaField' is the wrong type, expected type 'string'",
      );
    if (metaField === timeField)
      throw new ServerError('BadValue', "The 'metaField' and 'timeField' must be different");
    out['metaField'] = metaField;
  }
  const granularity = raw['granularity'];
  const maxSpan = raw['bucketMaxSpanSeconds'];
  const rounding = raw['bucketRoundingSeconds'];
  if (maxSpan !== undefined || rounding !== undefined) {
    if (granularity !== undefined) {
      throw new ServerError(
        'InvalidOptions',
        'Time-series granularity cannot be specified with bucketMaxSpanSeconds or bucketRoundingSeconds',
      );
    }
    const span = toNumber(maxSpan);
    const round = toNumber(rounding);
    if (span === undefined || round === undefined || span !== round) {
      throw new ServerError(
        'InvalidOptions',
        'Time-series bucketMaxSpanSeconds and bucketRoundingSeconds must be equal and both specified',
      );
    }
    out['bucketRoundingSeconds'] = round;
    out['bucketMaxSpanSeconds'] = span;
    return out;
  }
  const g = granularity ?? 'seconds';
  if (typeof g !== 'string' || GRANULARITY_SPAN[g] === undefined) {
    throw new ServerError(
      'BadValue',
      `Enumeration value '${String(g)}' for field 'timeseries.granularity' is not a valid value.`,
    );
  }
  out['granularity'] = g;
  out['bucketMaxSpanSeconds'] = GRANULARITY_SPAN[g];
  return out;
}

/**
 * Checks a view definition (`viewOn` a non-empty string, `pipeline` an array of stage documents
 * without `$out`/`$merge`).
 *
 * @example
 * ```ts
 * viewOptions({ viewOn: 'users', pipeline: [{ $match: { active: true } }] });
 * ```
 */
export function viewOptions(cmd: Doc): Doc {
  const viewOn = cmd['viewOn'];
  if (typeof viewOn !== 'string')
    throw new ServerError('TypeMismatch', "BSON field 'viewOn' is the wrong type, expected type 'string'");
  if (viewOn === '') throw new ServerError('BadValue', "'viewOn' cannot be empty");
  const pipeline = cmd['pipeline'] ?? [];
  if (!Array.isArray(pipeline) || pipeline.some((stage) => !isDoc(stage))) {
    throw new ServerError('TypeMismatch', "BSON field 'pipeline' is the wrong type, expected type 'array'");
  }
  for (const stage of pipeline as Doc[]) {
    if ('$out' in stage || '$merge' in stage) {
      throw new ServerError(
        { code: 167, codeName: 'OptionNotSupportedOnView' },
        `${'$out' in stage ? '$out' : '$merge'} cannot be used in a view definition`,
      );
    }
  }
  const out: Doc = { viewOn, pipeline };
  if (cmd['collation'] !== undefined) {
    parseCollation(cmd['collation']);
    out['collation'] = cmd['collation'];
  }
  return out;
}
