import { setTimeout as sleep } from 'node:timers/promises';
import type { Timestamp } from 'bson';
import type { Doc } from '../bson.js';
import { ServerError } from '../errors.js';
import { codeNameFor } from './admin/code-names.js';
import type { FailCommandData } from './admin/fail-points.js';
import type { ConnectionInfo, RuntimeCommandContext, ServerRuntime } from './admin/runtime.js';
import { type GenericFields, parseGenericFields } from './envelope-fields.js';
import type { CommandRegistry } from './registry.js';
import { createDefaultRegistry } from './registry.js';
import { computeErrorLabels } from './sessions/error-labels.js';
import type { SessionRecord } from './sessions/session-table.js';
import { snapshotReadFor, stampAtClusterTime, type SnapshotRead } from './sessions/snapshot-reads.js';
import { admitCommand, type Admission } from './sessions/transaction-gate.js';
import type { CommandSpec } from './types.js';

/** What the connection must do after a command: send a reply, or drop the connection (fail point). */
export type EnvelopeOutcome = { readonly kind: 'reply'; readonly reply: Doc } | { readonly kind: 'close' };

/** Commands that change data outside `isWrite` ones, for the cluster clock. */
const DDL_COMMANDS = new Set([
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'renameCollection',
  'collMod',
]);

/**
 * The shared envelope around every command: finds the spec, checks the generic fields (`$db`,
 * session and transaction fields, read/write concern, API version), applies the session state
 * machine and fail points, runs the handler, and turns every outcome — including unexpected
 * exceptions (InternalError) — into a MongoDB reply with `ok`, error labels, `$clusterTime` and
 * `operationTime`.
 *
 * @example
 * ```ts
 * const envelope = new CommandEnvelope(runtime);
 * const outcome = await envelope.run({ ping: 1, $db: 'admin' }, connection);
 * // { kind: 'reply', reply: { ok: 1, $clusterTime: {...}, operationTime: Timestamp } }
 * ```
 */
export class CommandEnvelope {
  constructor(
    readonly runtime: ServerRuntime,
    readonly registry: CommandRegistry = createDefaultRegistry(),
  ) {}

  /** Runs one command document as received (kind-1 sequences already merged). Never throws. */
  async run(body: Doc, connection: ConnectionInfo): Promise<EnvelopeOutcome> {
    try {
      return await this.dispatch(body, connection);
    } catch (error) {
      // dispatch() handles command errors itself; this is a last line of defence.
      return { kind: 'reply', reply: this.finishError(toServerError(error), undefined, undefined) };
    }
  }

  private async dispatch(body: Doc, connection: ConnectionInfo): Promise<EnvelopeOutcome> {
    const sentName = Object.keys(body)[0];
    const spec = sentName === undefined ? undefined : this.registry.lookup(sentName);
    if (spec === undefined) {
      return this.errorOutcome(new ServerError('CommandNotFound', `no such command: '${sentName ?? ''}'`));
    }
    const { sessions } = this.runtime;

    let fields: GenericFields;
    try {
      fields = parseGenericFields(body);
      if (spec.adminOnly === true && fields.dbName !== 'admin') {
        throw new ServerError('Unauthorized', `${spec.name} may only be run against the admin database.`);
      }
    } catch (error) {
      return this.errorOutcome(toServerError(error), spec, labelsFrom(body));
    }

    // Like mongod, failCommand fires before the session is checked out: an injected error neither
    // starts nor aborts a transaction, so the driver's retry of the same statement still works.
    const failPoint = this.runtime.failPoints.matchFailCommand(
      sentName === spec.name ? [spec.name] : [sentName!, spec.name],
      connection.appName,
    );
    if (failPoint?.closeConnection === true) return { kind: 'close' };
    if (failPoint?.blockConnection === true && failPoint.blockTimeMS > 0) await sleep(failPoint.blockTimeMS);
    if (failPoint?.errorCode !== undefined) {
      const injected = new ServerError(
        { code: failPoint.errorCode, codeName: codeNameFor(failPoint.errorCode) },
        "Failing command via 'failCommand' failpoint",
      );
      return this.errorOutcome(injected, spec, fields, failPoint);
    }

    let record: SessionRecord | undefined;
    let admission: Admission;
    let snapshot: SnapshotRead | undefined;
    try {
      record = fields.sessionKey === undefined ? undefined : sessions.touch(fields.sessionKey);
      admission = admitCommand(spec, fields, record, sessions);
      if (admission.kind === 'run' && !admission.inTransaction) {
        snapshot = snapshotReadFor(spec, fields, record, sessions, this.runtime.clock);
      }
    } catch (error) {
      return this.errorOutcome(toServerError(error), spec, fields);
    }
    if (admission.kind === 'replay') {
      return {
        kind: 'reply',
        reply: this.finishSuccess({ ...admission.reply }, spec, fields, failPoint, false),
      };
    }

    const abortOnFailure = (): void => {
      if (
        admission.kind === 'run' &&
        admission.inTransaction &&
        record !== undefined &&
        record.txnNumber === fields.txnNumber
      ) {
        sessions.abortIfActive(record);
      }
    };

    this.runtime.stats.countCommand(spec.name, body);
    let result: Doc;
    try {
      const ctx: RuntimeCommandContext = {
        engine: this.runtime.engine,
        dbName: fields.dbName,
        txn: snapshot?.txn ?? admission.txn,
        sessionKey: fields.sessionKey,
        connectionId: connection.id,
        server: this.runtime.info,
        readConcernLevel: fields.readConcernLevel,
        runtime: this.runtime,
        connection,
      };
      result = await spec.handler(fields.command, ctx);
    } catch (error) {
      abortOnFailure();
      return this.errorOutcome(toServerError(error), spec, fields, failPoint);
    }

    const reply: Doc = { ...result };
    if (snapshot !== undefined) stampAtClusterTime(reply, snapshot.time);
    if (admission.inTransaction && Array.isArray(reply['writeErrors']) && reply['writeErrors'].length > 0) {
      // MongoDB aborts a transaction whose write failed; the next statement sees NoSuchTransaction.
      abortOnFailure();
    }
    if (admission.retryableWrite && record !== undefined && record.txnNumber === fields.txnNumber) {
      record.retryReply = { ...reply };
    }
    const wrote =
      (spec.isWrite === true && !admission.inTransaction) ||
      spec.name === 'commitTransaction' ||
      DDL_COMMANDS.has(spec.name);
    return { kind: 'reply', reply: this.finishSuccess(reply, spec, fields, failPoint, wrote) };
  }

  private errorOutcome(
    error: ServerError,
    spec?: CommandSpec,
    fields?: Pick<GenericFields, 'txnNumber' | 'autocommit'>,
    failPoint?: FailCommandData,
  ): EnvelopeOutcome {
    let labels = error.errorLabels;
    if (failPoint?.errorLabels !== undefined) {
      labels = [...failPoint.errorLabels];
    } else if (spec !== undefined && fields !== undefined) {
      const computed = computeErrorLabels({
        code: error.code,
        commandName: spec.name,
        hasTxnNumber: fields.txnNumber !== undefined,
        hasAutocommit: fields.autocommit !== undefined,
      });
      labels = [...new Set([...labels, ...computed])];
    }
    return { kind: 'reply', reply: this.finishError(error, labels, undefined) };
  }

  private finishError(
    error: ServerError,
    labels: readonly string[] | undefined,
    operationTime: Timestamp | undefined,
  ): Doc {
    const reply: Doc = {
      ok: 0,
      errmsg: error.message,
      code: error.code,
      codeName: error.codeName,
      ...error.extra,
    };
    const finalLabels = labels ?? error.errorLabels;
    if (finalLabels.length > 0) reply['errorLabels'] = [...finalLabels];
    reply['$clusterTime'] = this.runtime.clock.gossip();
    reply['operationTime'] = operationTime ?? this.runtime.clock.current();
    return reply;
  }

  private finishSuccess(
    reply: Doc,
    spec: CommandSpec,
    fields: GenericFields,
    failPoint: FailCommandData | undefined,
    wrote: boolean,
  ): Doc {
    const operationTime = wrote ? this.runtime.clock.tick() : this.runtime.clock.current();
    reply['ok'] = 1;
    const carriesWriteConcern =
      spec.isWrite === true || spec.name === 'commitTransaction' || spec.name === 'abortTransaction';
    let writeConcernError = failPoint?.writeConcernError;
    if (writeConcernError === undefined && carriesWriteConcern)
      writeConcernError = fields.writeConcernProblem;
    if (writeConcernError !== undefined) {
      reply['writeConcernError'] = { ...writeConcernError };
      const wcCode = Number(writeConcernError['code']);
      const labels =
        failPoint?.errorLabels !== undefined
          ? [...failPoint.errorLabels]
          : computeErrorLabels({
              ...(Number.isNaN(wcCode) ? {} : { writeConcernCode: wcCode }),
              commandName: spec.name,
              hasTxnNumber: fields.txnNumber !== undefined,
              hasAutocommit: fields.autocommit !== undefined,
            });
      if (labels.length > 0) reply['errorLabels'] = labels;
    }
    reply['$clusterTime'] = this.runtime.clock.gossip();
    reply['operationTime'] = operationTime;
    return reply;
  }
}

/** Best-effort session fields of a command whose envelope failed to parse, for error labels. */
function labelsFrom(body: Doc): Pick<GenericFields, 'txnNumber' | 'autocommit'> {
  return {
    txnNumber: body['txnNumber'] === undefined ? undefined : 0,
    autocommit: body['autocommit'] === undefined ? undefined : false,
  };
}

/**
 * Turns anything thrown into a `ServerError`: unexpected exceptions become InternalError (1).
 *
 * @example
 * ```ts
 * toServerError(new TypeError('x')).code; // 1
 * ```
 */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ServerError('InternalError', message);
}
