import type { CommandSpec } from '../types.js';
import { buildInfo } from './build-info.js';
import { configureFailPoint } from './configure-fail-point.js';
import { connectionStatus } from './connection-status.js';
import { getCmdLineOpts } from './get-cmd-line-opts.js';
import { getDefaultRWConcern } from './get-default-rw-concern.js';
import { getLog } from './get-log.js';
import { getParameter } from './get-parameter.js';
import { hello } from './hello.js';
import { hostInfo } from './host-info.js';
import { ping } from './ping.js';
import { replSetGetStatus } from './repl-set-get-status.js';
import { serverStatus } from './server-status.js';
import { whatsmyuri } from './whatsmyuri.js';

/** Handshake, server-information and fail-point commands. */
export const commands: CommandSpec[] = [
  hello,
  ping,
  buildInfo,
  getParameter,
  serverStatus,
  hostInfo,
  whatsmyuri,
  connectionStatus,
  getCmdLineOpts,
  getLog,
  configureFailPoint,
  replSetGetStatus,
  getDefaultRWConcern,
];
