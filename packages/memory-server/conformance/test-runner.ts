import type { MongoClient } from 'mongodb';
import { driverLimitation } from './driver-limitations.js';
import { EntityMap } from './entity-map.js';
import { checkExpectedEvents } from './expect-events.js';
import { describeError } from './expect-error.js';
import { matchValue } from './matcher.js';
import { executeOperation } from './operation-runner.js';
import { isSupportedOperation } from './operations/operation-table.js';
import type { OperationContext } from './operations/operation-types.js';
import { checkRequirements } from './requirements.js';
import type { ServerFacts } from './requirements.js';
import { AssertionFailure, SkipError } from './skip-error.js';
import { schemaVersionProblem } from './spec-loader.js';
import type { LoadedSpecFile, SpecCollectionData, SpecOperation, SpecTest } from './spec-types.js';

/** The verdict on one test. */
export interface TestResult {
  area: string;
  file: string;
  description: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped, or what failed. */
  reason?: string;
  /** Wall time of a test that ran, in milliseconds. */
  durationMs?: number;
}

/** What running tests needs: the server, the runner's own client, what the server reports. */
export interface RunnerEnvironment {
  uri: string;
  internal: MongoClient;
  facts: ServerFacts;
  /** Per-test time limit, in milliseconds. */
  timeoutMs: number;
  /** Only tests whose description contains this text (case-insensitive). */
  grep?: string;
  /** Epoch ms after which tests are no longer started (counted as failed), so a hanging server cannot stall the run. */
  deadline?: number;
}

/** Operation names used by a test, including those nested in `withTransaction` callbacks. */
export function operationNames(operations: readonly SpecOperation[]): string[] {
  const names: string[] = [];
  for (const op of operations) {
    names.push(op.name);
    const callback = op.arguments?.['callback'];
    if (Array.isArray(callback)) names.push(...operationNames(callback as SpecOperation[]));
  }
  return names;
}

/**
 * Runs every test of one spec file (filtered by `grep`) and returns a verdict for each.
 *
 * @example
 * const results = await runSpecFile(file, env);
 */
export async function runSpecFile(file: LoadedSpecFile, env: RunnerEnvironment): Promise<TestResult[]> {
  const { spec } = file;
  const grep = env.grep?.toLowerCase();
  const tests = spec.tests.filter((t) => !grep || t.description.toLowerCase().includes(grep));
  const verdict = (test: SpecTest, status: TestResult['status'], reason?: string): TestResult => ({
    area: file.area,
    file: file.fileName,
    description: test.description,
    status,
    ...(reason !== undefined ? { reason } : {}),
  });

  const fileProblem =
    schemaVersionProblem(spec.schemaVersion) ?? (await checkRequirements(spec.runOnRequirements, env.facts));
  if (fileProblem) return tests.map((t) => verdict(t, 'skipped', fileProblem));

  const results: TestResult[] = [];
  for (const test of tests) {
    if (test.skipReason) {
      results.push(verdict(test, 'skipped', `skipped by the spec: ${test.skipReason}`));
      continue;
    }
    const limitation = driverLimitation(file.area, file.fileName, test.description);
    if (limitation) {
      results.push(verdict(test, 'skipped', limitation));
      continue;
    }
    const unmet = await checkRequirements(test.runOnRequirements, env.facts);
    if (unmet) {
      results.push(verdict(test, 'skipped', unmet));
      continue;
    }
    const unsupported = operationNames(test.operations).find((name) => !isSupportedOperation(name));
    if (unsupported) {
      results.push(verdict(test, 'skipped', `operation ${unsupported} not supported by this runner`));
      continue;
    }
    if (env.deadline !== undefined && Date.now() > env.deadline) {
      results.push(verdict(test, 'failed', 'not run: the run exceeded its time budget'));
      continue;
    }
    const started = Date.now();
    const outcome = await runOneTest(file, test, env);
    results.push({ ...verdict(test, outcome.status, outcome.reason), durationMs: Date.now() - started });
  }
  return results;
}

async function runOneTest(
  file: LoadedSpecFile,
  test: SpecTest,
  env: RunnerEnvironment,
): Promise<Pick<TestResult, 'status' | 'reason'>> {
  const entities = new EntityMap(env.uri);
  const failPoints = new Set<string>();
  const ctx: OperationContext = {
    entities,
    internal: env.internal,
    rememberFailPoint: (name) => failPoints.add(name),
    runNested: async (operations) => {
      for (const [i, op] of operations.entries()) await executeOperation(op, `callback[${i}]`, ctx, true);
    },
  };

  let timer: NodeJS.Timeout | undefined;
  const body = runTestBody(file, test, env, ctx);
  body.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AssertionFailure(`timed out after ${env.timeoutMs} ms`)),
      env.timeoutMs,
    );
  });
  try {
    await Promise.race([body, timeout]);
    return { status: 'passed' };
  } catch (error) {
    if (error instanceof SkipError) return { status: 'skipped', reason: error.reason };
    if (error instanceof AssertionFailure) return { status: 'failed', reason: error.message };
    return { status: 'failed', reason: `runner error: ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
    // A client stuck on a hung server must not stall the run either.
    await Promise.race([entities.close(), new Promise((done) => setTimeout(done, 2000).unref())]);
    for (const name of failPoints) {
      await env.internal
        .db('admin')
        .command({ configureFailPoint: name, mode: 'off' })
        .catch(() => undefined);
    }
  }
}

async function runTestBody(
  file: LoadedSpecFile,
  test: SpecTest,
  env: RunnerEnvironment,
  ctx: OperationContext,
): Promise<void> {
  // Transactions left open by an earlier (failed) test would block this one's writes.
  if (usesSessions(file)) {
    await env.internal
      .db('admin')
      .command({ killAllSessions: [] })
      .catch(() => undefined);
  }
  try {
    await loadInitialData(file.spec.initialData ?? [], env.internal);
  } catch (error) {
    throw new AssertionFailure(`initialData: ${describeError(error)}`);
  }
  await ctx.entities.create(file.spec.createEntities ?? []);

  for (const [i, op] of test.operations.entries()) await executeOperation(op, `operations[${i}]`, ctx, false);

  for (const expected of test.expectEvents ?? []) {
    const client = ctx.entities.client(expected.client);
    const problem = checkExpectedEvents(
      expected,
      { command: client.commandEvents, cmap: client.cmapEvents },
      ctx.entities,
    );
    if (problem) throw new AssertionFailure(`expectEvents: ${problem}`);
  }
  for (const data of test.outcome ?? []) {
    const problem = await checkOutcome(data, env.internal);
    if (problem)
      throw new AssertionFailure(`outcome ${data.databaseName}.${data.collectionName}: ${problem}`);
  }
}

/** Whether a file may leave sessions or transactions open on the server. */
function usesSessions(file: LoadedSpecFile): boolean {
  if (file.area.startsWith('transactions') || file.area === 'sessions') return true;
  return (
    JSON.stringify(file.spec.createEntities ?? []).includes('"session"') ||
    file.spec.tests.some((t) => JSON.stringify(t.operations).includes('"session"'))
  );
}

const MAJORITY = { writeConcern: { w: 'majority' as const } };

/**
 * Drops and refills every `initialData` collection through the runner's client, with majority
 * write concern; an empty document list still creates the collection.
 *
 * @example
 * await loadInitialData([{ databaseName: 'd', collectionName: 'c', documents: [{ _id: 1 }] }], internal);
 */
export async function loadInitialData(
  data: readonly SpecCollectionData[],
  internal: MongoClient,
): Promise<void> {
  for (const entry of data) {
    await internal
      .db(entry.databaseName)
      .dropCollection(entry.collectionName, MAJORITY)
      .catch((error: { code?: unknown }) => {
        if (error.code !== 26) throw error;
      });
  }
  for (const entry of data) {
    const db = internal.db(entry.databaseName);
    if (entry.createOptions || entry.documents.length === 0) {
      await db.createCollection(entry.collectionName, { ...(entry.createOptions ?? {}), ...MAJORITY });
    }
    if (entry.documents.length > 0)
      await db.collection(entry.collectionName).insertMany(entry.documents, MAJORITY);
  }
}

async function checkOutcome(data: SpecCollectionData, internal: MongoClient): Promise<string | undefined> {
  const actual = await internal
    .db(data.databaseName)
    .collection(data.collectionName)
    .find({}, { sort: { _id: 1 }, readConcern: { level: 'local' }, readPreference: 'primary' })
    .toArray();
  const m = matchValue(data.documents, actual, { root: false, path: 'documents' });
  return m ? `${m.path}: ${m.message}` : undefined;
}
