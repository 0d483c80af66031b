import { AssertionFailure } from '../skip-error.js';
import { matchValue } from '../matcher.js';
import type { SpecDoc } from '../spec-types.js';
import type { OperationContext, OperationHandler } from './operation-types.js';

/** Driver transaction states → the unified format's names. */
const TRANSACTION_STATES: Record<string, string> = {
  NO_TRANSACTION: 'none',
  STARTING_TRANSACTION: 'starting',
  TRANSACTION_IN_PROGRESS: 'in_progress',
  TRANSACTION_COMMITTED: 'committed',
  TRANSACTION_COMMITTED_EMPTY: 'committed',
  TRANSACTION_ABORTED: 'aborted',
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new AssertionFailure(message);
}

async function setFailPoint(args: SpecDoc, ctx: OperationContext): Promise<undefined> {
  const failPoint = args['failPoint'] as SpecDoc;
  // A one-member replica set has a single server, so the runner's own client reaches the same
  // node as any client entity, without adding commands or pool events to what entities observe.
  await ctx.internal.db('admin').command(failPoint);
  ctx.rememberFailPoint(String(failPoint['configureFailPoint']));
  return undefined;
}

function lastTwoLsids(args: SpecDoc, ctx: OperationContext): [unknown, unknown] {
  const events = ctx.entities
    .client(String(args['client']))
    .commandEvents.filter((e) => e.type === 'commandStartedEvent');
  check(events.length >= 2, `expected at least two commandStartedEvents, got ${events.length}`);
  return [events[events.length - 2]!.command?.['lsid'], events[events.length - 1]!.command?.['lsid']];
}

async function collectionExists(args: SpecDoc, ctx: OperationContext): Promise<boolean> {
  const names = await ctx.internal
    .db(String(args['databaseName']))
    .listCollections({ name: String(args['collectionName']) }, { nameOnly: true })
    .toArray();
  return names.length > 0;
}

async function indexExists(args: SpecDoc, ctx: OperationContext): Promise<boolean> {
  try {
    const indexes = await ctx.internal
      .db(String(args['databaseName']))
      .collection(String(args['collectionName']))
      .listIndexes()
      .toArray();
    return indexes.some((i) => i['name'] === args['indexName']);
  } catch (error) {
    if ((error as { code?: unknown }).code === 26) return false;
    throw error;
  }
}

/**
 * The `testRunner` operations: fail points, session and collection assertions, and
 * `createEntities`.
 *
 * @example
 * await runnerOperations.assertCollectionExists!(undefined, { databaseName: 'd', collectionName: 'c' }, ctx);
 */
export const runnerOperations: Record<string, OperationHandler> = {
  failPoint: (_t, args, ctx) => setFailPoint(args, ctx),
  targetedFailPoint: (_t, args, ctx) => setFailPoint(args, ctx),
  async assertSessionTransactionState(_t, args, ctx) {
    const session = ctx.entities.session(String(args['session'])).session as unknown as {
      transaction: { state: string };
    };
    const state = session.transaction.state;
    const actual = TRANSACTION_STATES[state] ?? state;
    check(actual === args['state'], `expected transaction state ${String(args['state'])}, got ${actual}`);
    return undefined;
  },
  async assertSessionPinned(_t, args, ctx) {
    check(ctx.entities.session(String(args['session'])).session.isPinned, 'expected session to be pinned');
    return undefined;
  },
  async assertSessionUnpinned(_t, args, ctx) {
    check(!ctx.entities.session(String(args['session'])).session.isPinned, 'expected session to be unpinned');
    return undefined;
  },
  async assertSessionDirty(_t, args, ctx) {
    const session = ctx.entities.session(String(args['session'])).session;
    check(session.serverSession?.isDirty === true, 'expected server session to be dirty');
    return undefined;
  },
  async assertSessionNotDirty(_t, args, ctx) {
    const session = ctx.entities.session(String(args['session'])).session;
    check(session.serverSession?.isDirty !== true, 'expected server session not to be dirty');
    return undefined;
  },
  async assertSameLsidOnLastTwoCommands(_t, args, ctx) {
    const [a, b] = lastTwoLsids(args, ctx);
    check(
      a !== undefined && matchValue(a, b) === undefined,
      'expected the last two commands to use the same lsid',
    );
    return undefined;
  },
  async assertDifferentLsidOnLastTwoCommands(_t, args, ctx) {
    const [a, b] = lastTwoLsids(args, ctx);
    check(
      a !== undefined && b !== undefined && matchValue(a, b) !== undefined,
      'expected the last two commands to use different lsids',
    );
    return undefined;
  },
  async assertCollectionExists(_t, args, ctx) {
    check(
      await collectionExists(args, ctx),
      `expected collection ${String(args['databaseName'])}.${String(args['collectionName'])} to exist`,
    );
    return undefined;
  },
  async assertCollectionNotExists(_t, args, ctx) {
    check(
      !(await collectionExists(args, ctx)),
      `expected collection ${String(args['databaseName'])}.${String(args['collectionName'])} not to exist`,
    );
    return undefined;
  },
  async assertIndexExists(_t, args, ctx) {
    check(await indexExists(args, ctx), `expected index ${String(args['indexName'])} to exist`);
    return undefined;
  },
  async assertIndexNotExists(_t, args, ctx) {
    check(!(await indexExists(args, ctx)), `expected index ${String(args['indexName'])} not to exist`);
    return undefined;
  },
  async assertNumberConnectionsCheckedOut(_t, args, ctx) {
    const actual = ctx.entities.client(String(args['client'])).checkedOut;
    check(
      actual === args['connections'],
      `expected ${String(args['connections'])} connections checked out, got ${actual}`,
    );
    return undefined;
  },
  async createEntities(_t, args, ctx) {
    await ctx.entities.create(args['entities'] as SpecDoc[]);
    return undefined;
  },
};
