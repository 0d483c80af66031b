import { afterEach, describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { compileFilter } from '../../../src/query/match.js';
import { Engine, type StorageTransaction } from '../../../src/storage/engine.js';
import { parseIndexSpec } from '../../../src/storage/index-definition.js';

const engines: Engine[] = [];
function newEngine(): Engine {
  const engine = new Engine();
  engines.push(engine);
  engine.insertDocument('db', 'c', { _id: 1, v: 0 }, undefined);
  engine.insertDocument('db', 'c', { _id: 2, v: 0 }, undefined);
  return engine;
}
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

function ids(engine: Engine, txn: StorageTransaction | undefined, coll = 'c'): unknown[] {
  return engine.readDocuments('db', coll, txn).map((doc) => doc['_id']);
}

function byId(engine: Engine, id: number, txn: StorageTransaction | undefined) {
  const filter = { _id: id };
  return engine.readDocuments('db', 'c', txn, { filter, compiled: compileFilter(filter) })[0];
}

function thrown(fn: () => unknown): ServerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

describe('storage transactions', () => {
  it('hides writes until commit and shows own writes inside', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'c', { _id: 3 }, txn);
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 1 }, txn);
    engine.deleteDocument('db', 'c', { _id: 2 }, txn);
    expect(ids(engine, txn)).toEqual([1, 3]);
    expect(byId(engine, 1, txn)).toEqual({ _id: 1, v: 1 });
    expect(ids(engine, undefined)).toEqual([1, 2]);
    expect(byId(engine, 1, undefined)).toEqual({ _id: 1, v: 0 });
    txn.commit();
    expect(ids(engine, undefined)).toEqual([1, 3]);
    expect(byId(engine, 1, undefined)).toEqual({ _id: 1, v: 1 });
  });

  it('discards writes on abort', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'c', { _id: 3 }, txn);
    engine.deleteDocument('db', 'c', { _id: 1 }, txn);
    txn.abort();
    txn.abort();
    expect(ids(engine, undefined)).toEqual([1, 2]);
  });

  it('reads a snapshot: later committed writes are invisible', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    expect(ids(engine, txn)).toEqual([1, 2]);
    engine.insertDocument('db', 'c', { _id: 9 }, undefined);
    engine.replaceDocument('db', 'c', { _id: 2 }, { _id: 2, v: 7 }, undefined);
    engine.insertDocument('db', 'other', { _id: 1 }, undefined);
    expect(ids(engine, txn)).toEqual([1, 2]);
    expect(byId(engine, 2, txn)).toEqual({ _id: 2, v: 0 });
    expect(ids(engine, txn, 'other')).toEqual([]);
    txn.commit();
  });

  it('gives the second transactional writer a labelled WriteConflict', () => {
    const engine = newEngine();
    const first = engine.beginTransaction();
    const second = engine.beginTransaction();
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 1 }, first);
    const error = thrown(() => engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 2 }, second));
    expect(error.code).toBe(112);
    expect(error.errorLabels).toEqual(['TransientTransactionError']);
    first.commit();
    expect(byId(engine, 1, undefined)).toEqual({ _id: 1, v: 1 });
  });

  it('conflicts when the snapshot is stale for a written document', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 5 }, undefined);
    expect(thrown(() => engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 6 }, txn)).code).toBe(112);
    txn.abort();
  });

  it('fails the transaction when a non-transactional write takes its document', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 1 }, txn);
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, v: 2 }, undefined);
    expect(byId(engine, 1, undefined)).toEqual({ _id: 1, v: 2 });
    const error = thrown(() => txn.commit());
    expect(error.code).toBe(112);
    expect(error.errorLabels).toContain('TransientTransactionError');
    expect(byId(engine, 1, undefined)).toEqual({ _id: 1, v: 2 });
  });

  it('checks unique indexes against committed data plus its own overlay', () => {
    const engine = newEngine();
    engine
      .getCollection('db', 'c')
      ?.createIndex(parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true, sparse: true }));
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, email: 'a' }, undefined);
    const txn = engine.beginTransaction();
    expect(thrown(() => engine.insertDocument('db', 'c', { _id: 5, email: 'a' }, txn)).code).toBe(11000);
    engine.insertDocument('db', 'c', { _id: 6, email: 'b' }, txn);
    expect(thrown(() => engine.insertDocument('db', 'c', { _id: 7, email: 'b' }, txn)).code).toBe(11000);
    // Freeing a key inside the transaction makes it reusable there.
    engine.replaceDocument('db', 'c', { _id: 1 }, { _id: 1, email: 'z' }, txn);
    engine.insertDocument('db', 'c', { _id: 8, email: 'a' }, txn);
    txn.commit();
    expect(ids(engine, undefined)).toEqual([1, 2, 6, 8]);
  });

  it('re-checks unique keys at commit', () => {
    const engine = newEngine();
    engine
      .getCollection('db', 'c')
      ?.createIndex(parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true, sparse: true }));
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'c', { _id: 5, email: 'x' }, txn);
    engine.insertDocument('db', 'c', { _id: 6, email: 'x' }, undefined);
    expect(thrown(() => txn.commit()).code).toBe(11000);
    expect(ids(engine, undefined)).toEqual([1, 2, 6]);
  });

  it('rejects a duplicate _id visible in the snapshot', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    expect(thrown(() => engine.insertDocument('db', 'c', { _id: 1 }, txn)).code).toBe(11000);
    txn.abort();
  });

  it('creates collections implicitly inside a transaction', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'fresh', { _id: 1 }, txn);
    expect(ids(engine, txn, 'fresh')).toEqual([1]);
    expect(ids(engine, undefined, 'fresh')).toEqual([]);
    txn.commit();
    expect(ids(engine, undefined, 'fresh')).toEqual([1]);
  });

  it('refuses writes to a collection created by someone else after the snapshot', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'late', { _id: 1 }, undefined);
    expect(thrown(() => engine.insertDocument('db', 'late', { _id: 2 }, txn)).code).toBe(112);
    engine.dropCollection('db', 'c');
    engine.insertDocument('db', 'c', { _id: 1, v: 'new' }, undefined);
    expect(thrown(() => engine.deleteDocument('db', 'c', { _id: 1 }, txn)).code).toBe(112);
    txn.abort();
  });

  it('lets two transactions create different collections but not the same one', () => {
    const engine = newEngine();
    const first = engine.beginTransaction();
    const second = engine.beginTransaction();
    engine.insertDocument('db', 'one', { _id: 1 }, first);
    engine.insertDocument('db', 'two', { _id: 1 }, second);
    expect(thrown(() => engine.insertDocument('db', 'one', { _id: 2 }, second)).code).toBe(112);
    first.commit();
    second.commit();
    expect(ids(engine, undefined, 'one')).toEqual([1]);
    expect(ids(engine, undefined, 'two')).toEqual([1]);
  });

  it('keeps collections created in a transaction invisible until commit, and drops them on abort', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'mine', { _id: 1 }, txn);
    engine.createCollection('db', 'empty', {}, txn);
    expect(engine.getCollection('db', 'mine')).toBeUndefined();
    expect(engine.getCollection('db', 'mine', txn)).toBeDefined();
    expect(engine.collections('db').map((c) => c.name)).toEqual(['c']);
    txn.commit();
    expect(engine.collections('db').map((c) => c.name)).toEqual(['c', 'mine', 'empty']);

    const aborted = engine.beginTransaction();
    engine.insertDocument('db', 'gone', { _id: 1 }, aborted);
    aborted.abort();
    expect(engine.getCollection('db', 'gone')).toBeUndefined();
    engine.insertDocument('db', 'gone', { _id: 2 }, undefined);
    expect(ids(engine, undefined, 'gone')).toEqual([2]);
  });

  it('lets a non-transactional create win over a pending one', () => {
    const engine = newEngine();
    const txn = engine.beginTransaction();
    engine.insertDocument('db', 'race', { _id: 1 }, txn);
    engine.insertDocument('db', 'race', { _id: 2 }, undefined);
    expect(thrown(() => txn.commit()).code).toBe(112);
    expect(ids(engine, undefined, 'race')).toEqual([2]);
  });
});
