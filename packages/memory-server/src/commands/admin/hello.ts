import { Long, ObjectId } from 'bson';
import type { Doc } from '../../bson.js';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../../wire/opcodes.js';
import { SESSION_TIMEOUT_MINUTES } from '../sessions/session-table.js';
import type { CommandSpec } from '../types.js';
import { runtimeOf } from './runtime.js';

/** The election id of our one-member replica set never changes. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/**
 * `hello` (and the legacy `isMaster` / `ismaster`): presents the server as the primary of a
 * one-member replica set `rs0`, so the driver enables sessions, retryable writes and transactions.
 * `topologyVersion` is deliberately absent: with it the driver switches to streaming hello, which
 * the server does not implement. The connection's first hello records the client's `appName`.
 *
 * @example
 * ```ts
 * await client.db('admin').command({ hello: 1 }); // { isWritablePrimary: true, setName: 'rs0', maxWireVersion: 21, ... }
 * ```
 */
export const hello: CommandSpec = {
  name: 'hello',
  aliases: ['isMaster', 'ismaster'],
  handler(cmd, ctx) {
    const { runtime, connection } = runtimeOf(ctx);
    const client = cmd['client'];
    if (connection.clientMetadata === undefined && client !== null && typeof client === 'object') {
      connection.clientMetadata = client as Doc;
      const application = (client as Doc)['application'];
      const name =
        application !== null && typeof application === 'object' ? (application as Doc)['name'] : undefined;
      connection.appName = typeof name === 'string' ? name : undefined;
    }
    const host = runtime.info.hostAndPort;
    const legacy = Object.keys(cmd)[0] !== 'hello';
    const opTime = { ts: runtime.clock.current(), t: Long.fromNumber(1) };
    const writeDate = new Date(opTime.ts.high * 1000);
    return {
      hosts: [host],
      setName: runtime.info.setName,
      setVersion: 1,
      ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
      secondary: false,
      primary: host,
      me: host,
      electionId: ELECTION_ID,
      lastWrite: { opTime, lastWriteDate: writeDate, majorityOpTime: opTime, majorityWriteDate: writeDate },
      helloOk: true,
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      maxMessageSizeBytes: MAX_MESSAGE_SIZE,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
      connectionId: connection.id,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
    };
  },
};
