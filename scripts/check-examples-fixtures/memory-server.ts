/**
 * Values the memory server's TSDoc examples use without declaring them: a command context, the
 * storage engine, a client and its admin database, a raw message. `scripts/check-examples.ts`
 * imports every name exported here into each example that does not declare it itself.
 */
import type { Socket } from 'node:net';
import type { ObjectId, UUID } from 'bson';
import type { ClientSession, Db, MongoClient } from 'mongodb';
import type { Doc } from '../../packages/memory-server/src/bson.js';
import type { CommandContext, CommandSpec } from '../../packages/memory-server/src/commands/types.js';
import type { CommandEnvelope } from '../../packages/memory-server/src/commands/envelope.js';
import type { Engine } from '../../packages/memory-server/src/storage/engine.js';
import type { Collection } from '../../packages/memory-server/src/storage/collection.js';
import type { Transaction } from '../../packages/memory-server/src/storage/transaction.js';
import type {
  SessionRecord,
  SessionTable,
} from '../../packages/memory-server/src/commands/sessions/session-table.js';
import type { ClusterClock } from '../../packages/memory-server/src/commands/admin/cluster-clock.js';
import type { FailPointTable } from '../../packages/memory-server/src/commands/admin/fail-points.js';
import type { Env } from '../../packages/memory-server/src/query/expression/evaluate.js';
import type { LeafSite } from '../../packages/memory-server/src/query/update/leaf-op.js';
import type { TextIndexSpec } from '../../packages/memory-server/src/storage/text-index-spec.js';
import type { ServerStats } from '../../packages/memory-server/src/commands/admin/server-stats.js';
import type {
  ConnectionInfo,
  ServerRuntime,
} from '../../packages/memory-server/src/commands/admin/runtime.js';
import type { CompileContext } from '../../packages/memory-server/src/query/match/types.js';
import type { NearQuery } from '../../packages/memory-server/src/query/geo/near-query.js';
import type { Ring } from '../../packages/memory-server/src/query/geo/geometry.js';
import type { SessionFields } from '../../packages/memory-server/src/commands/sessions/transaction-gate.js';
import type { SnapshotRead } from '../../packages/memory-server/src/commands/sessions/snapshot-reads.js';

export { Int32, Double, Decimal128, Long, ObjectId, DBRef, UUID, Binary, Timestamp, BSONSymbol } from 'bson';
export { MongoClient } from 'mongodb';

export declare const ctx: CommandContext;
export declare const engine: Engine;
export declare const client: MongoClient;
export declare const admin: Db;
export declare const session: ClientSession;
export declare const message: Buffer;
export declare const out: Buffer;
export declare const socket: Socket;
export declare const doc: Doc;
export declare const docs: Doc[];
export declare const cmd: Doc;
export declare const reply: Doc;
export declare const filter: Doc;
export declare const users: Collection;
export declare const collection: Collection;
export declare const storedDoc: Doc;
export declare const txn: Transaction;
export declare const sessions: SessionTable;
export declare const record: SessionRecord;
export declare const clock: ClusterClock;
export declare const failPoints: FailPointTable;
export declare const env: Env;
export declare const site: LeafSite;
export declare const spec: TextIndexSpec;
export declare const commandSpec: CommandSpec;
export declare const uuid: UUID;
export declare const id: ObjectId;
export declare const stats: ServerStats;
export declare const runtime: ServerRuntime;
export declare const connection: ConnectionInfo;
/** The compile context of a match operator (query/match examples). */
export declare const compileCtx: CompileContext;
export declare const key: string;
export declare const bytes: Uint8Array;
export declare const args: unknown;
export declare const documents: Doc[];
export declare const near: NearQuery;
export declare const ring: Ring;
export declare const snapshot: SnapshotRead;
export declare const fields: SessionFields;
export declare const envelope: CommandEnvelope;
