/**
 * End-to-end benchmarks on the memory server, run as a child process so that the server's CPU
 * does not share the client's event loop: this ODM vs Mongoose vs the raw driver, each in its own
 * database of the same server, on the same documents.
 *
 * @example
 * const server = await startServerProcess();
 * const figures = await runEndToEnd(server.uri, { insert: 10_000, roundTrips: 500, related: 1_000, runs: 5 });
 * await server.stop();
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { MongoClient, type CommandStartedEvent, type Db, type ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { Ref, connect, disconnectAll, getConnection, getDb } from '../../packages/odm/src/index.js';
import {
  BenchPost,
  BenchUser,
  MongoosePost,
  POSTS,
  USERS,
  makePost,
  makeUserIds,
  type PostShape,
} from './models.js';
import { isBundled } from './bundle.js';
import { REPO_ROOT } from './paths.js';
import { roundRobin, summarize, type Stat } from './stats.js';

/** Sizes and repetitions of the end-to-end benchmarks. */
export interface EndToEndOptions {
  /** Documents per `insertMany` (and so per `find`). */
  insert: number;
  /** Operations per run of the single-document round trips. */
  roundTrips: number;
  /** Posts loaded with their authors by `selectRelated` / `populate`. */
  related: number;
  runs: number;
}

/** One figure for each contender. */
export interface Trio {
  odm: Stat;
  mongoose: Stat;
  driver: Stat;
}

/** Read commands sent to each collection during one `selectRelated` / `populate` call. */
export type QueryCounts = Record<string, Record<string, number>>;

/** What the end-to-end benchmarks measure. */
export interface EndToEndFigures {
  /** ms per `insert` documents (build + validate + insertMany for the ODMs). */
  insert: Trio;
  /** ms to load every document of the collection into documents (raw objects for the driver). */
  find: Trio;
  /** ops/s: change one field of a loaded document and `save()` it (driver: `updateOne` `$set`). */
  saveUpdate: Trio;
  /** ops/s: `save()` a new document (driver: `insertOne`). */
  saveInsert: Trio;
  /** ops/s: `updateOne` by `_id` with `$inc`. */
  updateOne: Trio;
  /** ms to load `related` posts with their authors. */
  related: Trio;
  /** Commands per collection during one related load (find / getMore), per contender. */
  relatedQueries: { odm: QueryCounts; mongoose: QueryCounts; driver: QueryCounts };
}

/** A memory server running in a child process. */
export interface ServerProcess {
  uri: string;
  stop(): Promise<void>;
}

/**
 * Starts `packages/memory-server/src/cli.ts --port 0` in a child Node process (same loader flags
 * as this process) and resolves once it prints its URI.
 *
 * @example
 * const { uri, stop } = await startServerProcess();
 */
export async function startServerProcess(): Promise<ServerProcess> {
  // The server runs from its TypeScript sources through tsx either way.
  const flags = isBundled()
    ? ['--import', 'tsx', '--conditions=@mongoengine-ts/source']
    : process.execArgv.filter((f) => !f.startsWith('--cpu-prof') && !f.startsWith('--inspect'));
  const child = spawn(process.execPath, [...flags, 'packages/memory-server/src/cli.ts', '--port', '0'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`memory server exited early (code ${String(code)})`);
  });
  const first = once(lines, 'line').then(([line]) => String(line).trim());
  const uri = await Promise.race([first, exited]);
  exited.catch(() => undefined);
  if (!uri.startsWith('mongodb://')) throw new Error(`memory server printed '${uri}', not a URI`);
  return {
    uri,
    async stop() {
      if (child.exitCode !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    },
  };
}

function withDb(uri: string, db: string): string {
  const u = new URL(uri);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Counts read commands per collection while `fn` runs. */
async function countQueries(client: MongoClient, fn: () => Promise<unknown>): Promise<QueryCounts> {
  const counts: QueryCounts = {};
  const listener = (event: CommandStartedEvent): void => {
    const name = event.commandName;
    if (name !== 'find' && name !== 'getMore' && name !== 'aggregate') return;
    const coll = String(name === 'getMore' ? event.command['collection'] : event.command[name]);
    const entry = (counts[coll] ??= {});
    entry[name] = (entry[name] ?? 0) + 1;
  };
  client.on('commandStarted', listener);
  try {
    await fn();
  } finally {
    client.off('commandStarted', listener);
  }
  return counts;
}

/** ms per run → operations per second (min of ops/s comes from the slowest run). */
function opsPerSecond(ms: Stat, ops: number): Stat {
  return summarize(ms.runs.map((t) => (ops * 1000) / t));
}

async function seedUsers(db: Db, userIds: readonly ObjectId[]): Promise<void> {
  await db.dropDatabase();
  await db
    .collection(USERS)
    .insertMany(userIds.map((_id, i) => ({ _id, name: `User ${i}`, email: `user${i}@example.com` })));
}

/**
 * Runs the end-to-end benchmarks against the server at `uri`.
 *
 * @example
 * await runEndToEnd(uri, { insert: 1000, roundTrips: 100, related: 200, runs: 2 });
 */
export async function runEndToEnd(uri: string, options: EndToEndOptions): Promise<EndToEndFigures> {
  const { insert: n, roundTrips: k, related: m, runs } = options;
  const userIds = makeUserIds(100);
  // Every client monitors commands (the query counts need it), so all pay the same for it.
  const driver = await MongoClient.connect(withDb(uri, 'bench_driver'), { monitorCommands: true });
  await connect(withDb(uri, 'bench_odm'), { monitorCommands: true });
  const odmClient = getConnection();
  await mongoose.connect(withDb(uri, 'bench_mongoose'), {
    monitorCommands: true,
    autoIndex: false,
    autoCreate: false,
  });
  const mongooseClient = mongoose.connection.getClient() as unknown as MongoClient;
  const dDb = driver.db();
  const dPosts = dDb.collection<PostShape>(POSTS);
  const dUsers = dDb.collection(USERS);
  try {
    await seedUsers(dDb, userIds);
    const oDb = getDb();
    const mDb = mongoose.connection.db as unknown as Db;
    await seedUsers(oDb, userIds);
    await seedUsers(mDb, userIds);
    const oPosts = oDb.collection(POSTS);
    const mPosts = mDb.collection(POSTS);
    const inputs = (count: number): PostShape[] =>
      Array.from({ length: count }, (_, i) => makePost(i, userIds));

    // The warm-up insert is a tenth of the size; the timed rounds leave `n` posts for `find`.
    const warmCount = Math.ceil(n / 10);
    const insert = await roundRobin(runs, {
      odm: {
        prepare: async (warmUp: boolean) => (await oPosts.deleteMany({}), inputs(warmUp ? warmCount : n)),
        run: (init: PostShape[]) => BenchPost.objects().insert(init.map((v) => new BenchPost(v as never))),
      },
      mongoose: {
        prepare: async (warmUp: boolean) => (await mPosts.deleteMany({}), inputs(warmUp ? warmCount : n)),
        run: (init: PostShape[]) => MongoosePost.insertMany(init),
      },
      driver: {
        prepare: async (warmUp: boolean) => (await dPosts.deleteMany({}), inputs(warmUp ? warmCount : n)),
        run: (init: PostShape[]) => dPosts.insertMany(init),
      },
    });

    const expectCount = (found: unknown[]): void => {
      if (found.length !== n) throw new Error(`find returned ${found.length} documents, expected ${n}`);
    };
    const find = await roundRobin(runs, {
      odm: { run: async () => expectCount(await BenchPost.objects().toArray()) },
      mongoose: { run: async () => expectCount(await MongoosePost.find().exec()) },
      driver: { run: async () => expectCount(await dPosts.find().toArray()) },
    });

    let views = 1_000_000;
    const saveUpdateMs = await roundRobin(runs, {
      odm: {
        prepare: () => BenchPost.objects().first(),
        run: async (doc: BenchPost) => {
          for (let i = 0; i < k; i++) {
            doc.views = views++;
            await doc.save();
          }
        },
      },
      mongoose: {
        prepare: () => MongoosePost.findOne().exec(),
        run: async (doc: InstanceType<typeof MongoosePost>) => {
          for (let i = 0; i < k; i++) {
            doc.views = views++;
            await doc.save();
          }
        },
      },
      driver: {
        prepare: () => dPosts.findOne(),
        run: async (doc: PostShape) => {
          for (let i = 0; i < k; i++) await dPosts.updateOne({ _id: doc._id! }, { $set: { views: views++ } });
        },
      },
    });

    const saveInsertMs = await roundRobin(runs, {
      odm: {
        prepare: () => inputs(k),
        run: async (init: PostShape[]) => {
          for (const v of init) await new BenchPost(v as never).save();
        },
      },
      mongoose: {
        prepare: () => inputs(k),
        run: async (init: PostShape[]) => {
          for (const v of init) await new MongoosePost(v).save();
        },
      },
      driver: {
        prepare: () => inputs(k),
        run: async (init: PostShape[]) => {
          for (const v of init) await dPosts.insertOne(v);
        },
      },
    });

    const firstId = async (coll: typeof oPosts): Promise<ObjectId> =>
      (await coll.findOne({}, { projection: { _id: 1 } }))!['_id'] as ObjectId;
    const updateOneMs = await roundRobin(runs, {
      odm: {
        prepare: () => firstId(oPosts),
        run: async (id: ObjectId) => {
          for (let i = 0; i < k; i++) await BenchPost.objects({ id }).updateOne({ inc__views: 1 });
        },
      },
      mongoose: {
        prepare: () => firstId(mPosts),
        run: async (id: ObjectId) => {
          for (let i = 0; i < k; i++) await MongoosePost.updateOne({ _id: id }, { $inc: { views: 1 } });
        },
      },
      driver: {
        prepare: () => firstId(dPosts as unknown as typeof oPosts),
        run: async (id: ObjectId) => {
          for (let i = 0; i < k; i++) await dPosts.updateOne({ _id: id }, { $inc: { views: 1 } });
        },
      },
    });

    const relatedOps = {
      odm: async () => {
        const posts = await BenchPost.objects().limit(m).selectRelated('author').toArray();
        const author: unknown = posts[posts.length - 1]?.author;
        // selectRelated leaves the target document in the attribute (a Ref when it is unloaded).
        const loaded = author instanceof BenchUser || (author instanceof Ref && author.isLoaded);
        if (posts.length !== m || !loaded) throw new Error('selectRelated did not load the authors');
      },
      mongoose: async () => {
        const posts = await MongoosePost.find().limit(m).populate('author').exec();
        const author = posts[posts.length - 1]?.author as unknown as { name?: string } | undefined;
        if (posts.length !== m || typeof author?.name !== 'string')
          throw new Error('populate did not load the authors');
      },
      driver: async () => {
        const posts = await dPosts.find().limit(m).toArray();
        const ids = [...new Map(posts.map((p) => [p.author.toHexString(), p.author])).values()];
        const users = await dUsers.find({ _id: { $in: ids } }).toArray();
        const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
        const joined = posts.map((p) => ({ ...p, author: byId.get(p.author.toHexString()) }));
        if (joined.length !== m || joined[m - 1]?.author === undefined) throw new Error('join failed');
      },
    };
    const related = await roundRobin(runs, {
      odm: { run: relatedOps.odm },
      mongoose: { run: relatedOps.mongoose },
      driver: { run: relatedOps.driver },
    });
    const relatedQueries = {
      odm: await countQueries(odmClient, relatedOps.odm),
      mongoose: await countQueries(mongooseClient, relatedOps.mongoose),
      driver: await countQueries(driver, relatedOps.driver),
    };

    const perSecond = (t: Trio): Trio => ({
      odm: opsPerSecond(t.odm, k),
      mongoose: opsPerSecond(t.mongoose, k),
      driver: opsPerSecond(t.driver, k),
    });
    return {
      insert,
      find,
      saveUpdate: perSecond(saveUpdateMs),
      saveInsert: perSecond(saveInsertMs),
      updateOne: perSecond(updateOneMs),
      related,
      relatedQueries,
    };
  } finally {
    await Promise.allSettled([driver.close(), disconnectAll(), mongoose.disconnect()]);
  }
}
