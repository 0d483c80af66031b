/**
 * The blog demo: `npm run demo`. Starts an in-memory MongoDB (or uses `MONGODB_URI`), runs the
 * steps in order and prints what each one does.
 *
 * @example
 * ```ts
 * import { main } from './main.js';
 * await main({ uri: 'mongodb://127.0.0.1:27017/', log: console.log }); // a fresh database, dropped at the end
 * ```
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryServer } from '@mongoengine-ts/memory-server';
import { connect, disconnectAll, getDb, redactUri } from 'mongoengine-ts';
import { attachments } from './attachments.js';
import { cleanup } from './cleanup.js';
import { Post, User } from './models.js';
import { type Log, Output } from './output.js';
import { queries } from './queries.js';
import { report } from './report.js';
import { countPostsOnSave, seed } from './seed.js';
import { transaction } from './transaction.js';

/** Options of {@link main}. */
export interface DemoOptions {
  /** A MongoDB server to use; without it an in-memory server is started and stopped. */
  readonly uri?: string | undefined;
  /** Where the output goes; `console.log` by default. */
  readonly log?: Log;
}

/** Runs the whole demo; always disconnects and stops the server it started. */
export async function main({ uri, log = console.log }: DemoOptions = {}): Promise<void> {
  const out = new Output(log);
  const server = uri === undefined ? await MemoryServer.start({ port: 0 }) : undefined;
  // On a real server, a database of our own that no one else uses, dropped at the end.
  const dbName = `mongoengine_ts_demo_${randomBytes(3).toString('hex')}`;
  let stopCounting = (): void => undefined;
  let connected = false;
  try {
    await connect(server?.uri ?? uri!, { db: dbName });
    connected = true;
    log('mongoengine-ts blog demo');
    log(
      server
        ? `  in-memory MongoDB at ${server.uri} (set MONGODB_URI to use a real server)`
        : `  MongoDB at ${redactUri(uri!)}, database '${dbName}' (dropped at the end)`,
    );
    await Promise.all([User.ensureIndexes(), Post.ensureIndexes()]);
    const indexKeys = Post.listIndexes().map((key) => JSON.stringify(key));
    log(`  indexes on posts: ${indexKeys.join(' ')}`);

    stopCounting = countPostsOnSave(out);
    const cast = await seed(out);
    stopCounting();
    await queries(out, cast);
    await transaction(out, cast);
    await report(out);
    await attachments(out);
    await cleanup(out, cast);
    log('');
    log('done.');
  } finally {
    stopCounting();
    if (connected && !server) await getDb().dropDatabase();
    await disconnectAll();
    await server?.stop();
  }
}

// Run only as the entry point (`tsx examples/blog/main.ts`), not when the test imports it.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main({ uri: process.env['MONGODB_URI'] || undefined }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('demo failed:', error);
      process.exit(1);
    },
  );
}
