import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { explainCommand } from '../../../../src/commands/crud/explain.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { makeContext, run } from './harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

function seeded(): CommandContext {
  const context = makeContext();
  context.engine
    .ensureCollection('test', 'c')
    .collection.createIndex(parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true }));
  for (let i = 0; i < 5; i++)
    context.engine.insertDocument('test', 'c', { _id: i, email: `u${String(i)}`, age: i }, undefined);
  return context;
}

function inputStage(plan: Doc): Doc {
  let stage = plan;
  while (stage['inputStage']) stage = stage['inputStage'] as Doc;
  return stage;
}

describe('explain', () => {
  it('names IXSCAN and the index for an indexed equality', async () => {
    ctx = seeded();
    const reply = await run(
      explainCommand,
      { explain: { find: 'c', filter: { email: 'u1' } }, verbosity: 'queryPlanner' },
      ctx,
    );
    const winning = (reply['queryPlanner'] as Doc)['winningPlan'] as Doc;
    expect(inputStage(winning)).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'email_1',
      keyPattern: { email: 1 },
    });
    expect(reply['executionStats']).toBeUndefined();
  });

  it('uses COLLSCAN without an index and reports executionStats', async () => {
    ctx = seeded();
    const reply = await run(
      explainCommand,
      { explain: { find: 'c', filter: { age: { $gte: 3 } } }, verbosity: 'executionStats' },
      ctx,
    );
    expect(inputStage((reply['queryPlanner'] as Doc)['winningPlan'] as Doc)['stage']).toBe('COLLSCAN');
    expect(reply['executionStats']).toMatchObject({ nReturned: 2, totalDocsExamined: 5 });
  });

  it('uses IDHACK for an _id lookup', async () => {
    ctx = seeded();
    const reply = await run(
      explainCommand,
      { explain: { find: 'c', filter: { _id: 2 } }, verbosity: 'queryPlanner' },
      ctx,
    );
    expect(((reply['queryPlanner'] as Doc)['winningPlan'] as Doc)['stage']).toBe('IDHACK');
  });

  it('explains count, update and delete without writing', async () => {
    ctx = seeded();
    const count = await run(explainCommand, { explain: { count: 'c', query: { email: 'u2' } } }, ctx);
    expect(((count['queryPlanner'] as Doc)['winningPlan'] as Doc)['stage']).toBe('COUNT');
    const del = await run(
      explainCommand,
      { explain: { delete: 'c', deletes: [{ q: { email: 'u2' }, limit: 1 }] } },
      ctx,
    );
    expect(inputStage((del['queryPlanner'] as Doc)['winningPlan'] as Doc)['indexName']).toBe('email_1');
    expect(ctx.engine.readDocuments('test', 'c', undefined)).toHaveLength(5);
  });

  it('explains an aggregate with a $cursor stage', async () => {
    ctx = seeded();
    const reply = await run(
      explainCommand,
      {
        explain: {
          aggregate: 'c',
          pipeline: [{ $match: { email: 'u3' } }, { $project: { age: 1 } }],
          cursor: {},
        },
      },
      ctx,
    );
    const stages = reply['stages'] as Doc[];
    expect(Object.keys(stages[0] ?? {})).toEqual(['$cursor']);
    expect(stages[1]).toEqual({ $project: { age: 1 } });
  });
});
