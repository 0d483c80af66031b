import type { CommandSpec } from '../types.js';
import { abortTransaction } from './abort-transaction.js';
import { commitTransaction } from './commit-transaction.js';
import { endSessions } from './end-sessions.js';
import { killAllSessions } from './kill-all-sessions.js';
import { killSessions } from './kill-sessions.js';
import { refreshSessions } from './refresh-sessions.js';
import { startSession } from './start-session.js';

/** Session and transaction commands. */
export const commands: CommandSpec[] = [
  commitTransaction,
  abortTransaction,
  endSessions,
  killSessions,
  killAllSessions,
  refreshSessions,
  startSession,
];
