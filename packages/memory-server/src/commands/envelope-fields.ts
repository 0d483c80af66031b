import { Timestamp } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { sessionKeyOf } from './sessions/session-table.js';

/** The generic fields every command may carry; the handler never sees them. */
export const GENERIC_FIELDS: ReadonlySet<string> = new Set([
  '$db',
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'readConcern',
  'writeConcern',
  '$readPreference',
  '$clusterTime',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'comment',
  'maxTimeMS',
]);

const READ_CONCERN_LEVELS = new Set(['local', 'majority', 'linearizable', 'available', 'snapshot']);
const TRANSACTION_READ_CONCERN_LEVELS = new Set(['local', 'majority', 'snapshot']);

/** The checked generic fields of one command, and the command without them. */
export interface GenericFields {
  readonly dbName: string;
  /** The command document minus the generic fields (first key unchanged). */
  readonly command: Doc;
  readonly sessionKey: string | undefined;
  readonly txnNumber: number | undefined;
  readonly autocommit: boolean | undefined;
  readonly startTransaction: boolean | undefined;
  readonly hasReadConcern: boolean;
  /** `readConcern.level`, when given. */
  readonly readConcernLevel: string | undefined;
  /** `readConcern.atClusterTime` (snapshot reads after the first one of a snapshot session). */
  readonly atClusterTime: Timestamp | undefined;
  readonly hasWriteConcern: boolean;
  /**
   * The `writeConcernError` a write must report because this one-member set cannot satisfy the
   * requested `w` (more than one member: UnsatisfiableWriteConcern 100; an unknown tag:
   * UnknownReplWriteConcern 79). The write itself still happens, as on MongoDB.
   */
  readonly writeConcernProblem: Doc | undefined;
  readonly maxTimeMS: number | undefined;
}

function isObject(value: unknown): value is Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A number from any BSON numeric wrapper (`Int32`, `Long`, `Double`) or a JS number. */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (isObject(value) && typeof (value as { _bsontype?: unknown })._bsontype === 'string') {
    const bsonType = (value as { _bsontype: string })._bsontype;
    if (bsonType === 'Int32' || bsonType === 'Double' || bsonType === 'Long') return Number(value.valueOf());
  }
  return undefined;
}

function bool(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ServerError('TypeMismatch', `'${field}' must be a boolean`);
  return value;
}

/**
 * Checks and strips the generic fields of a command (`$db` is required; `lsid`, `txnNumber`,
 * `autocommit`, `startTransaction`, `readConcern`, `writeConcern`, `apiVersion`, `maxTimeMS` are
 * type-checked; `$readPreference`, `$clusterTime`, `comment` are accepted and dropped).
 *
 * @example
 * ```ts
 * parseGenericFields({ find: 'c', filter: {}, $db: 't', lsid: { id: uuid } });
 * // { dbName: 't', command: { find: 'c', filter: {} }, sessionKey: '…', … }
 * ```
 */
export function parseGenericFields(body: Doc): GenericFields {
  const dbName = body['$db'];
  if (dbName === undefined) throw new ServerError('Location40571', 'OP_MSG requests require a $db argument');
  if (typeof dbName !== 'string') throw new ServerError('TypeMismatch', "'$db' must be a string");
  if (dbName.length === 0) throw new ServerError('InvalidNamespace', 'Invalid database name: ');

  const command: Doc = {};
  for (const key of Object.keys(body)) {
    if (!GENERIC_FIELDS.has(key)) command[key] = body[key];
  }

  const sessionKey = body['lsid'] === undefined ? undefined : sessionKeyOf(body['lsid']);

  let txnNumber: number | undefined;
  if (body['txnNumber'] !== undefined) {
    txnNumber = numeric(body['txnNumber']);
    if (txnNumber === undefined || !Number.isInteger(txnNumber)) {
      throw new ServerError('TypeMismatch', "'txnNumber' must be a 64-bit integer");
    }
    if (txnNumber < 0) throw new ServerError('BadValue', `TxnNumber cannot be negative: ${txnNumber}`);
  }
  const autocommit = bool(body['autocommit'], 'autocommit');
  const startTransaction = bool(body['startTransaction'], 'startTransaction');

  const readConcern = body['readConcern'];
  if (readConcern !== undefined) {
    if (!isObject(readConcern)) throw new ServerError('TypeMismatch', "'readConcern' must be an object");
    const level = readConcern['level'];
    if (level !== undefined) {
      if (typeof level !== 'string' || !READ_CONCERN_LEVELS.has(level)) {
        throw new ServerError('FailedToParse', `Invalid readConcern level: ${String(level)}`);
      }
      if (startTransaction === true && !TRANSACTION_READ_CONCERN_LEVELS.has(level)) {
        throw new ServerError(
          'InvalidOptions',
          `The readConcern level must be either 'local', 'majority' or 'snapshot' in a transaction. Given: ${level}`,
        );
      }
    }
  }

  const writeConcern = body['writeConcern'];
  let writeConcernProblem: Doc | undefined;
  if (writeConcern !== undefined) {
    if (!isObject(writeConcern)) throw new ServerError('TypeMismatch', "'writeConcern' must be an object");
    const w = writeConcern['w'];
    if (typeof w === 'string') {
      if (w !== 'majority') {
        writeConcernProblem = {
          code: 79,
          codeName: 'UnknownReplWriteConcern',
          errmsg: `No write concern mode named '${w}' found in replica set configuration`,
        };
      }
    } else if (w !== undefined) {
      const n = numeric(w);
      if (n === undefined || n < 0)
        throw new ServerError('FailedToParse', 'w has to be a number or a string');
      if (n > 1) {
        writeConcernProblem = {
          code: 100,
          codeName: 'UnsatisfiableWriteConcern',
          errmsg: 'Not enough data-bearing nodes',
        };
      }
    }
  }

  const apiVersion = body['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== '1') {
    throw new ServerError('APIVersionError', `API version must be "1"`);
  }
  if (
    (body['apiStrict'] !== undefined || body['apiDeprecationErrors'] !== undefined) &&
    apiVersion === undefined
  ) {
    throw new ServerError(
      'InvalidOptions',
      "Parameter 'apiStrict' and 'apiDeprecationErrors' require 'apiVersion'",
    );
  }

  let maxTimeMS: number | undefined;
  if (body['maxTimeMS'] !== undefined) {
    maxTimeMS = numeric(body['maxTimeMS']);
    if (maxTimeMS === undefined || maxTimeMS < 0 || !Number.isInteger(maxTimeMS)) {
      throw new ServerError('BadValue', "'maxTimeMS' must be a non-negative integer");
    }
  }

  return {
    dbName,
    command,
    sessionKey,
    txnNumber,
    autocommit,
    startTransaction,
    hasReadConcern: readConcern !== undefined,
    readConcernLevel:
      isObject(readConcern) && typeof readConcern['level'] === 'string' ? readConcern['level'] : undefined,
    atClusterTime:
      isObject(readConcern) && readConcern['atClusterTime'] instanceof Timestamp
        ? readConcern['atClusterTime']
        : undefined,
    hasWriteConcern: writeConcern !== undefined,
    writeConcernProblem,
    maxTimeMS,
  };
}
