import { createHash } from 'node:crypto';
import { Binary } from 'bson';
import type { Doc } from '../../bson.js';
import { runtimeOf } from '../admin/runtime.js';
import type { CommandContext } from '../types.js';

/** mongod's user digest for an unauthenticated client: SHA-256 of the empty user name. */
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest(), 0);

/**
 * The documents the `$listLocalSessions` aggregation stage yields: one per live session,
 * `{ _id: { id: UUID, uid: BinData }, lastUse: Date }`. For the aggregate command's first stage.
 *
 * @example
 * ```ts
 * // in aggregate, when pipeline[0] is { $listLocalSessions: {} } on the admin database:
 * const input = localSessionDocuments(ctx);
 * ```
 */
export function localSessionDocuments(ctx: CommandContext): Doc[] {
  return runtimeOf(ctx)
    .runtime.sessions.list()
    .map((record) => ({
      _id: { id: new Binary(Buffer.from(record.key, 'hex'), Binary.SUBTYPE_UUID), uid: ANONYMOUS_UID },
      lastUse: new Date(record.lastUse),
    }));
}
