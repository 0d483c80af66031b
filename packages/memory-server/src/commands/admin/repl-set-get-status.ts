import { Long } from 'bson';
import type { CommandSpec } from '../types.js';
import { runtimeOf } from './runtime.js';

/**
 * `replSetGetStatus` (admin only): the one healthy PRIMARY member of `rs0`, as tools such as
 * mongosh's `rs.status()` expect.
 *
 * @example
 * ```ts
 * await admin.command({ replSetGetStatus: 1 }); // { set: 'rs0', myState: 1, members: [{ stateStr: 'PRIMARY', ... }] }
 * ```
 */
export const replSetGetStatus: CommandSpec = {
  name: 'replSetGetStatus',
  adminOnly: true,
  allowedInTransaction: false,
  handler(_cmd, ctx) {
    const { runtime } = runtimeOf(ctx);
    const opTime = { ts: runtime.clock.current(), t: Long.fromNumber(1) };
    const now = new Date();
    const uptime = Math.floor((now.getTime() - runtime.info.startedAt.getTime()) / 1000);
    return {
      set: runtime.info.setName,
      date: now,
      myState: 1,
      term: Long.fromNumber(1),
      heartbeatIntervalMillis: Long.fromNumber(2000),
      majorityVoteCount: 1,
      writeMajorityCount: 1,
      votingMembersCount: 1,
      writableVotingMembersCount: 1,
      optimes: { lastCommittedOpTime: opTime, appliedOpTime: opTime, durableOpTime: opTime },
      members: [
        {
          _id: 0,
          name: runtime.info.hostAndPort,
          health: 1,
          state: 1,
          stateStr: 'PRIMARY',
          uptime,
          optime: opTime,
          optimeDate: new Date(opTime.ts.high * 1000),
          syncSourceHost: '',
          syncSourceId: -1,
          infoMessage: '',
          electionTime: opTime.ts,
          electionDate: runtime.info.startedAt,
          configVersion: 1,
          configTerm: 1,
          self: true,
          lastHeartbeatMessage: '',
        },
      ],
    };
  },
};
