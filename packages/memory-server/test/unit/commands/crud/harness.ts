import type { Doc } from '../../../../src/bson.js';
import { ServerError } from '../../../../src/errors.js';
import type { CommandContext, CommandSpec } from '../../../../src/commands/types.js';
import { Engine, type StorageTransaction } from '../../../../src/storage/engine.js';

/** A command context over a fresh engine, for calling handlers directly. */
export function makeContext(
  engine: Engine = new Engine(),
  options: { dbName?: string; txn?: StorageTransaction; sessionKey?: string } = {},
): CommandContext {
  return {
    engine,
    dbName: options.dbName ?? 'test',
    txn: options.txn,
    sessionKey: options.sessionKey,
    connectionId: 1,
    server: { hostAndPort: '127.0.0.1:27017', setName: 'rs0', startedAt: new Date(0) },
  };
}

/** Runs a handler and returns its reply body. */
export async function run(spec: CommandSpec, cmd: Doc, ctx: CommandContext): Promise<Doc> {
  return await spec.handler(cmd, ctx);
}

/** Runs a handler that must fail, returning the ServerError. */
export async function runError(spec: CommandSpec, cmd: Doc, ctx: CommandContext): Promise<ServerError> {
  try {
    await spec.handler(cmd, ctx);
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error(`expected ${spec.name} to fail`);
}

/** The documents of the first batch of a cursor reply. */
export function firstBatch(reply: Doc): Doc[] {
  return (reply['cursor'] as Doc)['firstBatch'] as Doc[];
}
