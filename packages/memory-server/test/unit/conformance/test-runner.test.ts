import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { MemoryServer } from '../../../src/index.js';
import { readServerFacts } from '../../../conformance/server-facts.js';
import { fromSpecJson } from '../../../conformance/spec-values.js';
import type { JsonValue } from '../../../conformance/spec-values.js';
import { operationNames, runSpecFile } from '../../../conformance/test-runner.js';
import type { RunnerEnvironment } from '../../../conformance/test-runner.js';
import type { LoadedSpecFile, SpecFile } from '../../../conformance/spec-types.js';

const entities = [
  { client: { id: 'client0', observeEvents: ['commandStartedEvent'] } },
  { database: { id: 'database0', client: 'client0', databaseName: 'runner-tests' } },
  { collection: { id: 'collection0', database: 'database0', collectionName: 'coll0' } },
  { session: { id: 'session0', client: 'client0' } },
];

function specFile(tests: unknown[], extra: Record<string, unknown> = {}): LoadedSpecFile {
  const spec = fromSpecJson({
    description: 'runner self-test',
    schemaVersion: '1.0',
    createEntities: entities,
    initialData: [{ collectionName: 'coll0', databaseName: 'runner-tests', documents: [{ _id: 1, x: 11 }] }],
    tests,
    ...extra,
  } as unknown as JsonValue) as SpecFile;
  return { area: 'crud', fileName: 'self-test.json', spec };
}

const insertAndFind = {
  description: 'insert then find',
  operations: [
    {
      name: 'insertOne',
      object: 'collection0',
      arguments: { document: { _id: 2, x: 22 } },
      expectResult: { insertedId: 2 },
    },
    {
      name: 'find',
      object: 'collection0',
      arguments: { filter: { _id: { $gt: 1 } } },
      expectResult: [{ _id: 2 }],
    },
  ],
  expectEvents: [
    {
      client: 'client0',
      events: [
        {
          commandStartedEvent: {
            command: { insert: 'coll0', documents: [{ _id: 2, x: 22 }] },
            commandName: 'insert',
          },
        },
        { commandStartedEvent: { command: { find: 'coll0' }, databaseName: 'runner-tests' } },
      ],
    },
  ],
  outcome: [
    {
      collectionName: 'coll0',
      databaseName: 'runner-tests',
      documents: [
        { _id: 1, x: 11 },
        { _id: 2, x: 22 },
      ],
    },
  ],
};

let server: MemoryServer;
let internal: MongoClient;
let env: RunnerEnvironment;

beforeAll(async () => {
  server = await MemoryServer.start({ port: 0 });
  internal = new MongoClient(server.uri);
  env = { uri: server.uri, internal, facts: await readServerFacts(internal), timeoutMs: 10_000 };
});

afterAll(async () => {
  await internal?.close();
  await server?.stop();
});

describe('runSpecFile', () => {
  it('passes a test whose results, events and outcome all match', async () => {
    const [result] = await runSpecFile(specFile([insertAndFind]), env);
    expect(result).toMatchObject({ status: 'passed', description: 'insert then find' });
  });

  it('fails a test on a wrong result, an extra event or a wrong outcome, naming the place', async () => {
    const wrongResult = {
      ...insertAndFind,
      description: 'wrong result',
      operations: [{ ...insertAndFind.operations[0], expectResult: { insertedId: 3 } }],
    };
    const wrongOutcome = {
      ...insertAndFind,
      description: 'wrong outcome',
      expectEvents: [],
      outcome: [{ collectionName: 'coll0', databaseName: 'runner-tests', documents: [{ _id: 1, x: 11 }] }],
    };
    const extraEvent = {
      ...insertAndFind,
      description: 'extra event',
      expectEvents: [{ client: 'client0', events: [insertAndFind.expectEvents[0]!.events[0]!] }],
    };
    const [a, b, c] = await runSpecFile(specFile([wrongResult, wrongOutcome, extraEvent]), env);
    expect(c).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('expected 1 command events, got 2'),
    });
    expect(a).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining(
        'operations[0] (insertOne on collection0): result.insertedId: expected 3, got 2',
      ),
    });
    expect(b).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('outcome runner-tests.coll0: documents: expected 1 elements, got 2'),
    });
  });

  it('checks expected errors', async () => {
    const duplicate = {
      description: 'duplicate key',
      operations: [
        {
          name: 'insertOne',
          object: 'collection0',
          arguments: { document: { _id: 1 } },
          expectError: { errorCode: 11000, isClientError: false },
        },
      ],
    };
    const notAnError = {
      description: 'expects an error that does not come',
      operations: [
        {
          name: 'insertOne',
          object: 'collection0',
          arguments: { document: { _id: 3 } },
          expectError: { isError: true },
        },
      ],
    };
    const [a, b] = await runSpecFile(specFile([duplicate, notAnError]), env);
    expect(a?.status).toBe('passed');
    expect(b).toMatchObject({ status: 'failed', reason: expect.stringContaining('expected an error') });
  });

  it('skips, with the reason, tests it cannot run', async () => {
    const sharded = {
      ...insertAndFind,
      description: 'sharded only',
      runOnRequirements: [{ topologies: ['sharded'] }],
    };
    const loop = {
      description: 'uses loop',
      operations: [{ name: 'loop', object: 'testRunner', arguments: {} }],
    };
    const results = await runSpecFile(specFile([sharded, loop]), env);
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', 'requires topology sharded (server is replicaset)'],
      ['skipped', 'operation loop not supported by this runner'],
    ]);
    const newer = await runSpecFile(
      specFile([insertAndFind], { runOnRequirements: [{ minServerVersion: '99.0' }] }),
      env,
    );
    expect(newer[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('>= 99.0') });
  });

  it('filters tests by description with grep', async () => {
    const results = await runSpecFile(specFile([insertAndFind, { ...insertAndFind, description: 'other' }]), {
      ...env,
      grep: 'OTHER',
    });
    expect(results.map((r) => r.description)).toEqual(['other']);
  });

  it('runs withTransaction callbacks and session assertions', async () => {
    const txn = {
      description: 'withTransaction commits',
      operations: [
        {
          name: 'withTransaction',
          object: 'session0',
          arguments: {
            callback: [
              {
                name: 'insertOne',
                object: 'collection0',
                arguments: { session: 'session0', document: { _id: 5 } },
              },
            ],
          },
        },
        {
          name: 'assertSessionTransactionState',
          object: 'testRunner',
          arguments: { session: 'session0', state: 'committed' },
        },
      ],
      outcome: [
        { collectionName: 'coll0', databaseName: 'runner-tests', documents: [{ _id: 1, x: 11 }, { _id: 5 }] },
      ],
    };
    const [result] = await runSpecFile(specFile([txn]), env);
    expect(result).toMatchObject({ status: 'passed' });
  });
});

describe('operationNames', () => {
  it('includes operations nested in withTransaction callbacks', () => {
    const names = operationNames([
      { name: 'withTransaction', object: 's', arguments: { callback: [{ name: 'insertOne', object: 'c' }] } },
      { name: 'find', object: 'c' },
    ]);
    expect(names).toEqual(['withTransaction', 'insertOne', 'find']);
  });
});

describe('runSpecFile time budget', () => {
  it('does not start tests once the run is past its deadline, counting them as failed', async () => {
    const results = await runSpecFile(specFile([insertAndFind]), { ...env, deadline: Date.now() - 1 });
    expect(results[0]).toMatchObject({
      status: 'failed',
      reason: 'not run: the run exceeded its time budget',
    });
  });
});
