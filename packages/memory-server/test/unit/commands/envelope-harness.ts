import { Long, UUID } from 'bson';
import type { Doc } from '../../../src/bson.js';
import { commands as adminCommands } from '../../../src/commands/admin/index.js';
import {
  createRuntime,
  type ConnectionInfo,
  type ServerRuntime,
} from '../../../src/commands/admin/runtime.js';
import { CommandEnvelope } from '../../../src/commands/envelope.js';
import { CommandRegistry } from '../../../src/commands/registry.js';
import { commands as sessionCommands } from '../../../src/commands/sessions/index.js';
import type { CommandSpec } from '../../../src/commands/types.js';
import { ServerError } from '../../../src/errors.js';
import type { Engine, StorageTransaction } from '../../../src/storage/engine.js';

/** A storage engine double that records what happened to its transactions. */
export class FakeEngine {
  readonly log: string[] = [];
  conflictOnCommit = false;
  private next = 1;
  readonly killedCursorSessions: string[] = [];
  readonly cursors = { killForSession: (key: string) => void this.killedCursorSessions.push(key) };

  beginTransaction(): StorageTransaction {
    const id = this.next++;
    this.log.push(`begin ${id}`);
    return {
      id,
      commit: () => {
        if (this.conflictOnCommit)
          throw new ServerError('WriteConflict', 'Write conflict during plan execution');
        this.log.push(`commit ${id}`);
      },
      abort: () => void this.log.push(`abort ${id}`),
    };
  }

  close(): void {}
}

/** Test-only commands standing in for the CRUD group. */
export const fakeCommands: CommandSpec[] = [
  {
    name: 'insert',
    isWrite: true,
    allowedInTransaction: true,
    handler(cmd, ctx) {
      const docs = (cmd['documents'] as Doc[] | undefined) ?? [];
      (globalThis as { inserted?: unknown[] }).inserted?.push({ docs: docs.length, txn: ctx.txn?.id });
      if (cmd['dup'] === true)
        return { n: 0, writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key' }] };
      return { n: docs.length };
    },
  },
  {
    name: 'find',
    allowedInTransaction: true,
    handler: (_cmd, ctx) => ({
      cursor: { id: Long.ZERO, ns: `${ctx.dbName}.c`, firstBatch: [] },
      txnId: ctx.txn?.id ?? null,
    }),
  },
  { name: 'count', allowedInTransaction: false, handler: () => ({ n: 0 }) },
  { name: 'findAndModify', aliases: ['findandmodify'], isWrite: true, handler: () => ({ value: null }) },
  {
    name: 'boom',
    handler: () => {
      throw new TypeError('kaboom');
    },
  },
  {
    name: 'conflict',
    allowedInTransaction: true,
    handler: () => {
      throw new ServerError('WriteConflict', 'conflict');
    },
  },
  { name: 'echo', handler: (cmd) => ({ received: cmd }) },
];

/** An envelope over the admin + session groups plus {@link fakeCommands}. */
export function makeEnvelope(): {
  envelope: CommandEnvelope;
  runtime: ServerRuntime;
  engine: FakeEngine;
  connection: ConnectionInfo;
} {
  const engine = new FakeEngine();
  const runtime = createRuntime(engine as unknown as Engine, {
    hostAndPort: '127.0.0.1:27999',
    setName: 'rs0',
    startedAt: new Date(),
  });
  const registry = new CommandRegistry([...adminCommands, ...sessionCommands, ...fakeCommands]);
  const connection: ConnectionInfo = {
    id: 1,
    remoteAddress: '127.0.0.1:50000',
    appName: undefined,
    clientMetadata: undefined,
  };
  return { envelope: new CommandEnvelope(runtime, registry), runtime, engine, connection };
}

/** A fresh `lsid`. */
export function newLsid(): Doc {
  return { id: new UUID() };
}
