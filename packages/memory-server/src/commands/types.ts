import type { Doc } from '../bson.js';
import type { Engine, StorageTransaction } from '../storage/engine.js';

/** What the server knows about itself, for hello/buildInfo and URIs. */
export interface ServerInfo {
  /** `127.0.0.1:<port>` — the address the server advertises in `hosts`/`me`/`primary`. */
  readonly hostAndPort: string;
  /** Replica-set name advertised in hello (`rs0`). */
  readonly setName: string;
  readonly startedAt: Date;
}

/**
 * Everything a command handler may use. Built by the envelope (`commands/envelope.ts`) for each
 * command after it has stripped and checked the generic fields (`$db`, `lsid`, `txnNumber`,
 * `autocommit`, `startTransaction`, `readConcern`, `writeConcern`, `$readPreference`,
 * `$clusterTime`, `apiVersion`, `comment`, `maxTimeMS`).
 */
export interface CommandContext {
  readonly engine: Engine;
  /** The `$db` of the command. */
  readonly dbName: string;
  /** The storage transaction when the command runs inside a multi-document transaction. */
  readonly txn: StorageTransaction | undefined;
  /** Canonical key of the command's `lsid` (hex of the UUID), or undefined for session-less commands. */
  readonly sessionKey: string | undefined;
  /** Id of the wire connection the command arrived on. */
  readonly connectionId: number;
  readonly server: ServerInfo;
  /** The command's `readConcern.level`, when given (the envelope strips `readConcern` from the body). */
  readonly readConcernLevel?: string | undefined;
}

/** A command handler: returns the reply body without `ok` (the envelope adds `ok: 1`), or throws `ServerError`. */
export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Doc | Promise<Doc>;

/** One command, as each `commands/<group>/<name>.ts` file exports it. */
export interface CommandSpec {
  /** The wire name, as the first key of the command document (e.g. `findAndModify`). */
  readonly name: string;
  /** Other first-key spellings (e.g. `ismaster`, `isMaster` for `hello`). Matching is exact, then lower-case. */
  readonly aliases?: readonly string[];
  /** May run inside a multi-document transaction (MongoDB refuses e.g. `count`, `listCollections`). */
  readonly allowedInTransaction?: boolean;
  /** Must be sent to the `admin` database (commitTransaction, abortTransaction, listDatabases …). */
  readonly adminOnly?: boolean;
  /** A write command: carries writeConcern, retryable (lsid + txnNumber) outside transactions. */
  readonly isWrite?: boolean;
  readonly handler: CommandHandler;
}
