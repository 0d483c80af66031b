import { MongoEngineError } from './mongo-engine-error.js';

/**
 * A write or a database operation failed (the server refused it, or it was misused).
 *
 * @example
 * try { await doc.update({ set__x: 1 }); } catch (e) { if (e instanceof OperationError) console.error(e.message); }
 */
export class OperationError extends MongoEngineError {}

/**
 * A write broke a unique index. `fields` and `value` name what collided when the server said so.
 *
 * @example
 * try { await new User({ name: 'Ada', email: 'a@b.c' }).save(); }
 * catch (e) { if (e instanceof NotUniqueError) console.log(e.fields, e.value); } // ['email'] { email: 'a@b.c' }
 */
export class NotUniqueError extends OperationError {
  /** Db field names of the violated index, in index order (empty when the server did not say). */
  readonly fields: readonly string[];
  /** The duplicate key as the server reported it (`keyValue`), e.g. `{ email: 'a@b.c' }`. */
  readonly value: Readonly<Record<string, unknown>> | undefined;
  /** Index name, when it could be read from the server's message. */
  readonly index: string | undefined;

  constructor(
    message: string,
    details: {
      fields?: readonly string[];
      value?: Record<string, unknown>;
      index?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.fields = details.fields ?? [];
    this.value = details.value;
    this.index = details.index;
  }
}

/**
 * Some writes of a bulk insert failed (other than by a unique index collision).
 *
 * @example
 * try { await User.objects().insert(docs); } catch (e) { if (e instanceof BulkWriteError) console.error(e.message); }
 */
export class BulkWriteError extends OperationError {}

/**
 * `save({ saveCondition })` matched no document: someone else changed it first.
 *
 * @example
 * await doc.save({ saveCondition: { version: 3 } }); // SaveConditionError if version is no longer 3
 */
export class SaveConditionError extends OperationError {}
