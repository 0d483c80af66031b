import type { CommandSpec } from '../types.js';

/**
 * `connectionStatus`: the server has no authentication, so nobody is authenticated.
 *
 * @example
 * ```ts
 * await admin.command({ connectionStatus: 1 }); // { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }
 * ```
 */
export const connectionStatus: CommandSpec = {
  name: 'connectionStatus',
  handler(cmd) {
    const authInfo: Record<string, unknown> = { authenticatedUsers: [], authenticatedUserRoles: [] };
    if (cmd['showPrivileges'] === true) authInfo['authenticatedUserPrivileges'] = [];
    return { authInfo };
  },
};
