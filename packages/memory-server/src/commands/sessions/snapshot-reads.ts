import type { Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import type { StorageTransaction } from '../../storage/engine.js';
import type { ClusterClock } from '../admin/cluster-clock.js';
import type { CommandSpec } from '../types.js';
import type { SessionRecord, SessionTable } from './session-table.js';

/** Commands MongoDB (5.0+) accepts with `readConcern: { level: 'snapshot' }` outside a transaction. */
const SNAPSHOT_READS = new Set(['find', 'aggregate', 'distinct']);

/** The storage snapshot a read runs on, and the cluster time it stands for. */
export interface SnapshotRead {
  readonly txn: StorageTransaction;
  readonly time: Timestamp;
}

/**
 * Snapshot reads outside transactions (driver snapshot sessions): the first read opens a storage
 * snapshot and reports its `atClusterTime`; later reads that send that `atClusterTime` reuse it,
 * so they do not see writes made since. Returns undefined when the command is not a snapshot read.
 * An `atClusterTime` this session did not get from the server opens a snapshot of the current data
 * (an approximation: the server keeps no history).
 *
 * @example
 * ```ts
 * const snapshot = snapshotReadFor(commandSpec, { readConcernLevel: 'snapshot', atClusterTime: undefined }, record, sessions, clock);
 * // ctx.txn = snapshot.txn; reply.cursor.atClusterTime = snapshot.time
 * ```
 */
export function snapshotReadFor(
  spec: CommandSpec,
  fields: { readonly readConcernLevel: string | undefined; readonly atClusterTime: Timestamp | undefined },
  record: SessionRecord | undefined,
  sessions: SessionTable,
  clock: ClusterClock,
): SnapshotRead | undefined {
  if (fields.readConcernLevel !== 'snapshot') return undefined;
  if (!SNAPSHOT_READS.has(spec.name)) {
    throw new ServerError(
      'InvalidOptions',
      `Command ${spec.name} does not support { readConcern: { level: "snapshot" } } outside of a transaction`,
    );
  }
  if (record === undefined) return undefined; // a lone snapshot read sees the current data anyway
  const at = fields.atClusterTime;
  if (at !== undefined && record.snapshot !== undefined && record.snapshot.time.equals(at)) {
    return record.snapshot;
  }
  const time = clock.current();
  return { txn: sessions.openSnapshot(record, time), time };
}

/**
 * Puts `atClusterTime` where the driver looks for it: in `cursor` for find/aggregate, at the top
 * level for distinct.
 *
 * @example
 * ```ts
 * stampAtClusterTime(reply, snapshot.time);
 * ```
 */
export function stampAtClusterTime(reply: Doc, time: Timestamp): void {
  const cursor = reply['cursor'];
  if (cursor !== null && typeof cursor === 'object' && !Array.isArray(cursor)) {
    reply['cursor'] = { ...(cursor as Doc), atClusterTime: time };
  } else {
    reply['atClusterTime'] = time;
  }
}
