/**
 * The one error type of the memory server. Every layer (query, storage, commands) throws
 * `ServerError`; the command envelope turns it into a reply `{ ok: 0, errmsg, code, codeName, errorLabels? }`.
 * Codes and names are MongoDB's own (src/mongo/base/error_codes.yml).
 */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  Unauthorized: 13,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  DottedFieldName: 57,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  CommandFailed: 125,
  InvalidPipelineOperator: 168,
  ConversionFailure: 241,
  InvalidIndexSpecificationOption: 197,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  TransactionTooOld: 225,
  OperationNotSupportedInTransaction: 263,
  Location291: 291,
  APIVersionError: 322,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
  NotWritablePrimary: 10107,
  BSONObjectTooLarge: 10334,
  Location15974: 15974,
  Location40571: 40571,
  Location50768: 50768,
  Location16020: 16020,
  Location40352: 40352,
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
  readonly code: number;
  readonly codeName: string;
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
