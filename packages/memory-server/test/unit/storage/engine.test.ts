import { Int32, ObjectId } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/errors.js';
import { compileFilter } from '../../../src/query/match.js';
import { Engine } from '../../../src/storage/engine.js';
import { parseIndexSpec } from '../../../src/storage/index-definition.js';

const engines: Engine[] = [];
function newEngine(): Engine {
  const engine = new Engine();
  engines.push(engine);
  return engine;
}
afterEach(() => {
  for (const engine of engines.splice(0)) engine.close();
});

function thrown(fn: () => unknown): ServerError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

function find(engine: Engine, filter: Record<string, unknown>, coll = 'c') {
  return engine.readDocuments('db', coll, undefined, { filter, compiled: compileFilter(filter) });
}

describe('Engine documents', () => {
  it('generates an ObjectId _id and stores it first', () => {
    const engine = newEngine();
    const stored = engine.insertDocument('db', 'c', { name: 'x' }, undefined);
    expect(Object.keys(stored)).toEqual(['_id', 'name']);
    expect(stored['_id']).toBeInstanceOf(ObjectId);
    const reordered = engine.insertDocument('db', 'c', { name: 'y', _id: 5 }, undefined);
    expect(Object.keys(reordered)).toEqual(['_id', 'name']);
  });

  it('rejects array _id and $ names in _id, accepts top-level $ names', () => {
    const engine = newEngine();
    expect(thrown(() => engine.insertDocument('db', 'c', { _id: [1] }, undefined)).code).toBe(53);
    expect(thrown(() => engine.insertDocument('db', 'c', { _id: { $a: 1 } }, undefined)).code).toBe(52);
    expect(engine.insertDocument('db', 'c', { $dollar: 1 }, undefined)).toHaveProperty('$dollar', 1);
  });

  it('raises E11000 on a duplicate _id with keyPattern and keyValue, numbers compared by value', () => {
    const engine = newEngine();
    engine.insertDocument('db', 'c', { _id: 1 }, undefined);
    const error = thrown(() => engine.insertDocument('db', 'c', { _id: new Int32(1) }, undefined));
    expect(error.code).toBe(11000);
    expect(error.message).toBe('E11000 duplicate key error collection: db.c index: _id_ dup key: { _id: 1 }');
    expect(error.extra).toEqual({ keyPattern: { _id: 1 }, keyValue: { _id: new Int32(1) } });
  });

  it('keeps natural order through replacements and reads by _id and $in', () => {
    const engine = newEngine();
    for (const id of [3, 1, 2]) engine.insertDocument('db', 'c', { _id: id, v: 0 }, undefined);
    const [first] = find(engine, { _id: 3 });
    engine.replaceDocument('db', 'c', first ?? {}, { _id: 3, v: 1 }, undefined);
    expect(find(engine, {}).map((doc) => doc['_id'])).toEqual([3, 1, 2]);
    expect(find(engine, { _id: { $in: [2, 3, 9] } }).map((doc) => doc['_id'])).toEqual([2, 3]);
    expect(engine.plan('db', 'c', { filter: { _id: 1 }, compiled: compileFilter({ _id: 1 }) }).stage).toBe(
      'IDHACK',
    );
  });

  it('deletes documents', () => {
    const engine = newEngine();
    const doc = engine.insertDocument('db', 'c', { _id: 1 }, undefined);
    engine.deleteDocument('db', 'c', doc, undefined);
    expect(find(engine, {})).toEqual([]);
  });
});

describe('Engine unique indexes', () => {
  function withIndex(spec: Record<string, unknown>): Engine {
    const engine = newEngine();
    engine.ensureCollection('db', 'c').collection.createIndex(parseIndexSpec(spec));
    return engine;
  }

  it('enforces a single-field unique index with MongoDB errmsg', () => {
    const engine = withIndex({ key: { email: 1 }, name: 'email_1', unique: true });
    engine.insertDocument('db', 'c', { _id: 1, email: 'x' }, undefined);
    const error = thrown(() => engine.insertDocument('db', 'c', { _id: 2, email: 'x' }, undefined));
    expect(error.message).toBe(
      'E11000 duplicate key error collection: db.c index: email_1 dup key: { email: "x" }',
    );
    expect(error.extra['keyValue']).toEqual({ email: 'x' });
    expect(find(engine, {})).toHaveLength(1);
  });

  it('treats missing as null unless sparse', () => {
    const plain = withIndex({ key: { a: 1 }, name: 'a_1', unique: true });
    plain.insertDocument('db', 'c', { _id: 1 }, undefined);
    expect(thrown(() => plain.insertDocument('db', 'c', { _id: 2 }, undefined)).extra['keyValue']).toEqual({
      a: null,
    });
    const sparse = withIndex({ key: { a: 1 }, name: 'a_1', unique: true, sparse: true });
    sparse.insertDocument('db', 'c', { _id: 1 }, undefined);
    sparse.insertDocument('db', 'c', { _id: 2 }, undefined);
    expect(find(sparse, {})).toHaveLength(2);
  });

  it('enforces compound uniqueness on the whole tuple', () => {
    const engine = withIndex({ key: { a: 1, b: 1 }, name: 'a_1_b_1', unique: true });
    engine.insertDocument('db', 'c', { _id: 1, a: 1, b: 1 }, undefined);
    engine.insertDocument('db', 'c', { _id: 2, a: 1, b: 2 }, undefined);
    const error = thrown(() => engine.insertDocument('db', 'c', { _id: 3, a: 1, b: 2 }, undefined));
    expect(error.message).toContain('dup key: { a: 1, b: 2 }');
  });

  it('applies partialFilterExpression', () => {
    const engine = withIndex({
      key: { a: 1 },
      name: 'a_1',
      unique: true,
      partialFilterExpression: { active: true },
    });
    engine.insertDocument('db', 'c', { _id: 1, a: 1, active: false }, undefined);
    engine.insertDocument('db', 'c', { _id: 2, a: 1, active: true }, undefined);
    expect(
      thrown(() => engine.insertDocument('db', 'c', { _id: 3, a: 1, active: true }, undefined)).code,
    ).toBe(11000);
  });

  it('is multikey: array elements are unique across documents, not within one', () => {
    const engine = withIndex({ key: { tags: 1 }, name: 'tags_1', unique: true });
    engine.insertDocument('db', 'c', { _id: 1, tags: ['a', 'a', 'b'] }, undefined);
    expect(
      thrown(() => engine.insertDocument('db', 'c', { _id: 2, tags: ['c', 'b'] }, undefined)).extra[
        'keyValue'
      ],
    ).toEqual({ tags: 'b' });
  });

  it('checks replacements and leaves the old version on failure', () => {
    const engine = withIndex({ key: { a: 1 }, name: 'a_1', unique: true });
    engine.insertDocument('db', 'c', { _id: 1, a: 1 }, undefined);
    const two = engine.insertDocument('db', 'c', { _id: 2, a: 2 }, undefined);
    expect(thrown(() => engine.replaceDocument('db', 'c', two, { _id: 2, a: 1 }, undefined)).code).toBe(
      11000,
    );
    expect(find(engine, { a: 2 })).toEqual([{ _id: 2, a: 2 }]);
  });

  it('refuses to build a unique index over duplicates', () => {
    const engine = newEngine();
    engine.insertDocument('db', 'c', { _id: 1, a: 1 }, undefined);
    engine.insertDocument('db', 'c', { _id: 2, a: 1 }, undefined);
    const collection = engine.getCollection('db', 'c');
    expect(
      thrown(() => collection?.createIndex(parseIndexSpec({ key: { a: 1 }, name: 'a_1', unique: true })))
        .code,
    ).toBe(11000);
    expect(collection?.indexes.has('a_1')).toBe(false);
  });

  it('reports 85/86 for conflicting re-creation and accepts an identical one', () => {
    const engine = withIndex({ key: { a: 1 }, name: 'a_1' });
    const collection = engine.getCollection('db', 'c');
    expect(collection?.createIndex(parseIndexSpec({ key: { a: 1 }, name: 'a_1' }))).toBe('exists');
    expect(thrown(() => collection?.createIndex(parseIndexSpec({ key: { b: 1 }, name: 'a_1' }))).code).toBe(
      86,
    );
    expect(thrown(() => collection?.createIndex(parseIndexSpec({ key: { a: 1 }, name: 'other' }))).code).toBe(
      85,
    );
    expect(
      thrown(() => collection?.createIndex(parseIndexSpec({ key: { a: 1 }, name: 'a_1', unique: true })))
        .code,
    ).toBe(85);
  });
});

describe('Engine equality lookups', () => {
  it('uses an index on the leading field instead of scanning', () => {
    const engine = newEngine();
    const { collection } = engine.ensureCollection('db', 'c');
    collection.createIndex(parseIndexSpec({ key: { a: 1, b: 1 }, name: 'a_1_b_1' }));
    for (let i = 0; i < 50; i++) engine.insertDocument('db', 'c', { _id: i, a: i % 5, b: i }, undefined);
    const plan = engine.plan('db', 'c', { filter: { a: 3 }, compiled: compileFilter({ a: 3 }) });
    expect(plan.stage).toBe('IXSCAN');
    expect(plan.indexIds?.size).toBe(10);
    expect(find(engine, { a: 3, b: { $gt: 20 } }).map((doc) => doc['_id'])).toEqual([23, 28, 33, 38, 43, 48]);
  });

  it('uses sparse indexes for non-null equalities but not partial ones', () => {
    const engine = newEngine();
    const { collection } = engine.ensureCollection('db', 'c');
    collection.createIndex(parseIndexSpec({ key: { s: 1 }, name: 's_1', sparse: true }));
    collection.createIndex(
      parseIndexSpec({ key: { p: 1 }, name: 'p_1', partialFilterExpression: { p: { $gt: 5 } } }),
    );
    engine.insertDocument('db', 'c', { _id: 1, s: 'x', p: 1 }, undefined);
    engine.insertDocument('db', 'c', { _id: 2 }, undefined);
    const sparse = engine.plan('db', 'c', { filter: { s: 'x' }, compiled: compileFilter({ s: 'x' }) });
    expect([sparse.stage, sparse.indexIds?.size]).toEqual(['IXSCAN', 1]);
    expect(
      engine.plan('db', 'c', { filter: { p: 1 }, compiled: compileFilter({ p: 1 }) }).indexIds,
    ).toBeUndefined();
    expect(find(engine, { p: 1 })).toHaveLength(1);
    expect(find(engine, { s: null })).toHaveLength(1);
  });

  it('finds array elements through a multikey index and updates the map on replace', () => {
    const engine = newEngine();
    engine
      .ensureCollection('db', 'c')
      .collection.createIndex(parseIndexSpec({ key: { tags: 1 }, name: 'tags_1' }));
    const doc = engine.insertDocument('db', 'c', { _id: 1, tags: ['x', 'y'] }, undefined);
    expect(find(engine, { tags: 'y' })).toHaveLength(1);
    engine.replaceDocument('db', 'c', doc, { _id: 1, tags: ['z'] }, undefined);
    expect(find(engine, { tags: 'y' })).toHaveLength(0);
    expect(find(engine, { tags: 'z' })).toHaveLength(1);
  });
});

describe('Engine index order and limits', () => {
  it('returns index-scan results in key order, ties in natural order', () => {
    const engine = newEngine();
    engine
      .ensureCollection('db', 'c')
      .collection.createIndex(parseIndexSpec({ key: { a: 1, b: -1 }, name: 'a_1_b_-1' }));
    for (const [id, a, b] of [
      [1, 2, 1],
      [2, 1, 5],
      [3, 2, 9],
      [4, 1, 7],
    ] as const)
      engine.insertDocument('db', 'c', { _id: id, a, b }, undefined);
    expect(find(engine, { a: 2 }).map((doc) => doc['_id'])).toEqual([3, 1]);
    expect(find(engine, { a: { $gte: 1 } }).map((doc) => doc['_id'])).toEqual([4, 2, 3, 1]);
    expect(find(engine, { b: { $gte: 1 } }).map((doc) => doc['_id'])).toEqual([1, 2, 3, 4]);
  });

  it('rejects documents over 16 MiB', () => {
    const engine = newEngine();
    expect(
      thrown(() => engine.insertDocument('db', 'c', { s: 'x'.repeat(16 * 1024 * 1024) }, undefined)).code,
    ).toBe(10334);
  });

  it('looks up by _id and unique keys without scanning', () => {
    const engine = newEngine();
    engine
      .ensureCollection('db', 'c')
      .collection.createIndex(parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true }));
    for (let i = 0; i < 5_000; i++)
      engine.insertDocument('db', 'c', { _id: i, email: `u${String(i)}` }, undefined);
    let tested = 0;
    const counted = (filter: Record<string, unknown>) => {
      const compiled = compileFilter(filter);
      return {
        filter,
        compiled: {
          ...compiled,
          test: (doc: Record<string, unknown>) => {
            tested += 1;
            return compiled.test(doc);
          },
        },
      };
    };
    expect(engine.readDocuments('db', 'c', undefined, counted({ _id: 4321 }))).toHaveLength(1);
    expect(engine.readDocuments('db', 'c', undefined, counted({ email: 'u77' }))).toHaveLength(1);
    expect(engine.readDocuments('db', 'c', undefined, counted({ _id: { $in: [1, 2, 3] } }))).toHaveLength(3);
    expect(tested).toBe(5);
    expect(engine.readDocuments('db', 'c', undefined, counted({ other: 1 }))).toHaveLength(0);
    expect(tested).toBe(5 + 5_000);
  });
});

describe('Engine catalog', () => {
  it('renames with dropTarget and reports 26/48', () => {
    const engine = newEngine();
    engine.insertDocument('db', 'a', { _id: 1 }, undefined);
    engine.insertDocument('db', 'b', { _id: 2 }, undefined);
    expect(thrown(() => engine.renameCollection('db', 'a', 'db', 'b', false)).code).toBe(48);
    expect(thrown(() => engine.renameCollection('db', 'zz', 'db', 'b', false)).code).toBe(26);
    engine.renameCollection('db', 'a', 'db', 'b', true);
    expect(engine.getCollection('db', 'a')).toBeUndefined();
    expect(find(engine, {}, 'b')).toEqual([{ _id: 1 }]);
  });

  it('caps collections by max and size, oldest first', () => {
    const engine = newEngine();
    engine.createCollection('db', 'log', { capped: true, size: 100_000, max: 3 });
    for (let i = 0; i < 5; i++) engine.insertDocument('db', 'log', { _id: i }, undefined);
    expect(find(engine, {}, 'log').map((doc) => doc['_id'])).toEqual([2, 3, 4]);
  });

  it('deletes expired documents in a TTL pass', () => {
    const engine = newEngine();
    engine
      .ensureCollection('db', 's')
      .collection.createIndex(parseIndexSpec({ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 }));
    const now = Date.now();
    engine.insertDocument('db', 's', { _id: 1, at: new Date(now - 120_000) }, undefined);
    engine.insertDocument('db', 's', { _id: 2, at: new Date(now) }, undefined);
    engine.insertDocument('db', 's', { _id: 3, at: 'not a date' }, undefined);
    expect(engine.runTtlPass(now)).toBe(1);
    expect(find(engine, {}, 's').map((doc) => doc['_id'])).toEqual([2, 3]);
  });
});
