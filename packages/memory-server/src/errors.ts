/**
 * The one error type of the memory server. Every layer (query, storage, commands) throws
 * `ServerError`; the command envelope turns it into a reply `{ ok: 0, errmsg, code, codeName, errorLabels? }`.
 * Codes and names are MongoDB's own (src/mongo/base/error_codes.yml).
 */
export const ErrorCodes = {
  /** Unexpected failure inside the server. */
  InternalError: 1,
  /** An argument or operator value is invalid (e.g. an unknown query operator). */
  BadValue: 2,
  /** A required key is missing. */
  NoSuchKey: 4,
  /** A command, filter or specification could not be parsed. */
  FailedToParse: 9,
  /** A value has the wrong BSON type (e.g. `$inc` with a non-numeric argument). */
  TypeMismatch: 14,
  /** Not allowed: an admin-only command on another database, or `getMore` on a cursor of another namespace. */
  Unauthorized: 13,
  /** An operation that is never allowed (e.g. renaming a collection to itself). */
  IllegalOperation: 20,
  /** The database or collection does not exist. */
  NamespaceNotFound: 26,
  /** No index with the given name or key pattern. */
  IndexNotFound: 27,
  /** An update path runs through a value that is not a document or array. */
  PathNotViable: 28,
  /** Two update operators touch the same or overlapping paths. */
  ConflictingUpdateOperators: 40,
  /** No open cursor with the given id. */
  CursorNotFound: 43,
  /** The collection (or view) already exists. */
  NamespaceExists: 48,
  /** The operation ran past its `maxTimeMS`. */
  MaxTimeMSExpired: 50,
  /** A stored field name starts with `$`. */
  DollarPrefixedFieldName: 52,
  /** An `_id` value of a type MongoDB refuses (e.g. an array). */
  InvalidIdField: 53,
  /** An upsert cannot derive a single value for a path from the query. */
  NotSingleValueField: 54,
  /** A field name or path segment is empty. */
  EmptyFieldName: 56,
  /** A field name contains a `.` where MongoDB forbids it. */
  DottedFieldName: 57,
  /** The command name is not known. */
  CommandNotFound: 59,
  /** An update would change an immutable field such as `_id`. */
  ImmutableField: 66,
  /** An option or stage is not allowed in this context (e.g. `$out` in an update pipeline). */
  InvalidOptions: 72,
  /** The database or collection name is not valid. */
  InvalidNamespace: 73,
  /** An equivalent index (same name, or same key pattern) exists with different options. */
  IndexOptionsConflict: 85,
  /** An index with the same name but a different key pattern exists. */
  IndexKeySpecsConflict: 86,
  /** Generic failure of an operation. */
  OperationFailed: 96,
  /** Two transactions wrote the same document; labelled `TransientTransactionError`. */
  WriteConflict: 112,
  /** A `txnNumber` reused for a different kind of operation on the session. */
  ConflictingOperationInProgress: 117,
  /** Generic failure of a command. */
  CommandFailed: 125,
  /** Unknown aggregation stage or expression operator. */
  InvalidPipelineOperator: 168,
  /** `$convert` (or a `$to*` operator) could not convert the value. */
  ConversionFailure: 241,
  /** An index specification contains an unknown or invalid option. */
  InvalidIndexSpecificationOption: 197,
  /** The transaction does not exist or was aborted. */
  NoSuchTransaction: 251,
  /** The transaction has already been committed. */
  TransactionCommitted: 256,
  /** The `txnNumber` is older than the session's current one. */
  TransactionTooOld: 225,
  /** The command or operation cannot run inside a transaction. */
  OperationNotSupportedInTransaction: 263,
  /** Code 291 (`NoQueryExecutionPlans`): no plan can answer the query, e.g. `$near` without a geo index. */
  Location291: 291,
  /** An unsupported or inconsistent Stable API version (only `"1"` exists). */
  APIVersionError: 322,
  /** A command sent with legacy `OP_QUERY` other than the handshake commands. */
  UnsupportedOpQueryCommand: 352,
  /** E11000: a write would duplicate a value of a unique index. */
  DuplicateKey: 11000,
  /** The node is not a writable primary. */
  NotWritablePrimary: 10107,
  /** A document or message is larger than the BSON size limit (16 MiB). */
  BSONObjectTooLarge: 10334,
  /** Illegal key or value in a `$sort` specification. */
  Location15974: 15974,
  /** An `OP_MSG` request without its `$db` argument. */
  Location40571: 40571,
  /** `txnNumber` given to a command that is neither transactional nor a retryable write. */
  Location50768: 50768,
  /** An expression operator got the wrong number of arguments. */
  Location16020: 16020,
  /** A field path is empty (`FieldPath cannot be constructed with empty string`). */
  Location40352: 40352,
  /** A numeric command argument that must be non-negative (e.g. `limit`, `batchSize`) is negative. */
  Location51024: 51024,
} as const;

/** A known error name, or a `LocationNNNN` style name for codes MongoDB leaves unnamed. */
export type ErrorCodeName = keyof typeof ErrorCodes;

/**
 * An error that becomes a MongoDB error reply.
 *
 * @example
 * ```ts
 * throw new ServerError('BadValue', "unknown operator: $foo");
 * // reply: { ok: 0, errmsg: 'unknown operator: $foo', code: 2, codeName: 'BadValue' }
 * ```
 */
export class ServerError extends Error {
  /** Numeric MongoDB error code (e.g. `2` for `BadValue`). */
  readonly code: number;
  /** MongoDB's name for {@link code} (e.g. `'BadValue'`). */
  readonly codeName: string;
  /** Labels sent in the reply's `errorLabels` (e.g. `TransientTransactionError`); empty by default. */
  readonly errorLabels: string[];
  /** Extra fields merged into the reply (e.g. `keyPattern`, `keyValue` for E11000). */
  readonly extra: Record<string, unknown>;

  constructor(
    codeName: ErrorCodeName | { code: number; codeName: string },
    message: string,
    options: { errorLabels?: string[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ServerError';
    if (typeof codeName === 'string') {
      this.code = ErrorCodes[codeName];
      this.codeName = codeName.startsWith('Location') ? codeName : codeName;
    } else {
      this.code = codeName.code;
      this.codeName = codeName.codeName;
    }
    this.errorLabels = options.errorLabels ?? [];
    this.extra = options.extra ?? {};
  }

  /** The reply document MongoDB would send for this error. */
  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.errorLabels.length > 0) reply['errorLabels'] = [...this.errorLabels];
    return reply;
  }
}
