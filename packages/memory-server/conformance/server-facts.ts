import type { MongoClient } from 'mongodb';
import type { ServerFacts } from './requirements.js';

/**
 * Asks the server what it is: its version (`buildInfo`) and topology (`hello`: a `setName` means
 * a replica set, `msg: 'isdbgrid'` a mongos). The memory server has no auth, is not serverless
 * and has no client-side encryption.
 *
 * @example
 * const facts = await readServerFacts(internalClient); // { version: '7.0.0', topology: 'replicaset', … }
 */
export async function readServerFacts(client: MongoClient): Promise<ServerFacts> {
  const admin = client.db('admin');
  const build = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const topology = hello['msg'] === 'isdbgrid' ? 'sharded' : hello['setName'] ? 'replicaset' : 'single';
  const parameters = new Map<string, unknown>();
  return {
    version: String(build['version']),
    topology,
    serverless: false,
    auth: false,
    csfle: false,
    async getParameter(name) {
      if (!parameters.has(name)) {
        const reply = await admin
          .command({ getParameter: 1, [name]: 1 })
          .catch(() => ({}) as Record<string, unknown>);
        parameters.set(name, (reply as Record<string, unknown>)[name]);
      }
      return parameters.get(name);
    },
  };
}
