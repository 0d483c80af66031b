import type { Long } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../../../src/bson.js';
import { collModCommand } from '../../../../src/commands/collections/coll-mod.js';
import { collStatsCommand } from '../../../../src/commands/collections/coll-stats.js';
import { createCommand } from '../../../../src/commands/collections/create.js';
import { dbStatsCommand } from '../../../../src/commands/collections/db-stats.js';
import { dropDatabaseCommand } from '../../../../src/commands/collections/drop-database.js';
import { dropCommand } from '../../../../src/commands/collections/drop.js';
import { listCollectionsCommand } from '../../../../src/commands/collections/list-collections.js';
import { listDatabasesCommand } from '../../../../src/commands/collections/list-databases.js';
import { renameCollectionCommand } from '../../../../src/commands/collections/rename-collection.js';
import { listIndexesCommand } from '../../../../src/commands/indexes/list-indexes.js';
import type { CommandContext } from '../../../../src/commands/types.js';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { firstBatch, makeContext, run, runError } from '../crud/harness.js';

let ctx: CommandContext;
afterEach(() => ctx.engine.close());

describe('create / drop / dropDatabase', () => {
  it('creates capped collections and is idempotent for identical options', async () => {
    ctx = makeContext();
    expect(await run(createCommand, { create: 'log', capped: true, size: 1000, max: 5 }, ctx)).toEqual({});
    expect(ctx.engine.getCollection('test', 'log')?.options).toEqual({ capped: true, size: 1024, max: 5 });
    expect(await run(createCommand, { create: 'log', capped: true, size: 1000, max: 5 }, ctx)).toEqual({});
    expect((await runError(createCommand, { create: 'log' }, ctx)).code).toBe(48);
  });

  it('refuses queryable encryption clearly and checks validator options', async () => {
    ctx = makeContext();
    const error = await runError(createCommand, { create: 'v', encryptedFields: { fields: [] } }, ctx);
    expect(error.code).toBe(115);
    expect(error.message).toContain('encryptedFields');
    expect((await runError(createCommand, { create: 'v', validator: { a: { $bogus: 1 } } }, ctx)).code).toBe(
      2,
    );
    expect((await runError(createCommand, { create: 'v', validationLevel: 'loose' }, ctx)).code).toBe(2);
    expect((await runError(createCommand, { create: 'v', expireAfterSeconds: 5 }, ctx)).code).toBe(72);
  });

  it('drops collections and databases', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'a', { _id: 1 }, undefined);
    expect(await run(dropCommand, { drop: 'a' }, ctx)).toEqual({ nIndexesWas: 1, ns: 'test.a' });
    expect(await run(dropCommand, { drop: 'a' }, ctx)).toEqual({});
    ctx.engine.insertDocument('test', 'b', { _id: 1 }, undefined);
    expect(await run(dropDatabaseCommand, { dropDatabase: 1 }, ctx)).toEqual({ dropped: 'test' });
    expect(ctx.engine.databaseNames()).toEqual([]);
  });
});

describe('renameCollection', () => {
  it('renames across names and reports 26/48/20', async () => {
    ctx = makeContext();
    const admin = makeContext(ctx.engine, { dbName: 'admin' });
    ctx.engine.insertDocument('test', 'a', { _id: 1 }, undefined);
    ctx.engine.insertDocument('test', 'b', { _id: 2 }, undefined);
    expect(
      (await runError(renameCollectionCommand, { renameCollection: 'test.a', to: 'test.b' }, admin)).code,
    ).toBe(48);
    expect(
      (await runError(renameCollectionCommand, { renameCollection: 'test.x', to: 'test.y' }, admin)).code,
    ).toBe(26);
    expect(
      (await runError(renameCollectionCommand, { renameCollection: 'test.a', to: 'test.a' }, admin)).code,
    ).toBe(20);
    await run(
      renameCollectionCommand,
      { renameCollection: 'test.a', to: 'other.c', dropTarget: true },
      admin,
    );
    expect(ctx.engine.readDocuments('other', 'c', undefined)).toEqual([{ _id: 1 }]);
    expect(renameCollectionCommand.adminOnly).toBe(true);
  });
});

describe('collMod', () => {
  it('changes TTL and hidden on an index', async () => {
    ctx = makeContext();
    ctx.engine
      .ensureCollection('test', 's')
      .collection.createIndex(parseIndexSpec({ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 3600 }));
    expect(
      await run(collModCommand, { collMod: 's', index: { name: 'at_1', expireAfterSeconds: 60 } }, ctx),
    ).toEqual({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    expect(
      await run(collModCommand, { collMod: 's', index: { keyPattern: { at: 1 }, hidden: true } }, ctx),
    ).toEqual({ hidden_old: false, hidden_new: true });
    expect(ctx.engine.getCollection('test', 's')?.indexes.get('at_1')?.definition.spec).toMatchObject({
      expireAfterSeconds: 60,
      hidden: true,
    });
    expect(
      (await runError(collModCommand, { collMod: 's', index: { name: 'nope', hidden: true } }, ctx)).code,
    ).toBe(27);
    expect((await runError(collModCommand, { collMod: 'missing' }, ctx)).code).toBe(26);
    expect((await runError(collModCommand, { collMod: 's', bogus: {} }, ctx)).code).toBe(40415);
  });
});

describe('listCollections / listDatabases / stats', () => {
  it('lists collections with the MongoDB entry shape, filter and nameOnly', async () => {
    ctx = makeContext();
    ctx.engine.insertDocument('test', 'a', { _id: 1 }, undefined);
    ctx.engine.createCollection('test', 'b', { capped: true, size: 4096 });
    const full = firstBatch(
      await run(listCollectionsCommand, { listCollections: 1, filter: { name: 'a' } }, ctx),
    );
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({
      name: 'a',
      type: 'collection',
      options: {},
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    });
    const names = await run(listCollectionsCommand, { listCollections: 1, nameOnly: true }, ctx);
    expect(firstBatch(names)).toEqual([
      { name: 'a', type: 'collection' },
      { name: 'b', type: 'collection' },
    ]);
    expect(((names['cursor'] as Doc)['id'] as Long).isZero()).toBe(true);
    expect((names['cursor'] as Doc)['ns']).toBe('test.$cmd.listCollections');
    expect(
      firstBatch(
        await run(listCollectionsCommand, { listCollections: 1, filter: { 'options.capped': true } }, ctx),
      ).map((c) => c['name']),
    ).toEqual(['b']);
  });

  it('lists databases with sizes', async () => {
    ctx = makeContext(undefined, { dbName: 'admin' });
    ctx.engine.insertDocument('one', 'a', { _id: 1 }, undefined);
    ctx.engine.insertDocument('two', 'a', { _id: 1 }, undefined);
    const reply = await run(listDatabasesCommand, { listDatabases: 1 }, ctx);
    expect((reply['databases'] as Doc[]).map((d) => d['name'])).toEqual(['one', 'two']);
    expect(reply['totalSize']).toBeGreaterThan(0);
    expect(
      await run(listDatabasesCommand, { listDatabases: 1, nameOnly: true, filter: { name: 'two' } }, ctx),
    ).toEqual({ databases: [{ name: 'two' }] });
  });

  it('reports dbStats and collStats', async () => {
    ctx = makeContext();
    for (let i = 0; i < 4; i++) ctx.engine.insertDocument('test', 'a', { _id: i, pad: 'xxxx' }, undefined);
    const db = await run(dbStatsCommand, { dbStats: 1 }, ctx);
    expect(db).toMatchObject({ db: 'test', collections: 1, objects: 4, indexes: 1 });
    const coll = await run(collStatsCommand, { collStats: 'a' }, ctx);
    expect(coll).toMatchObject({ ns: 'test.a', count: 4, nindexes: 1, capped: false });
    expect(coll['size']).toBe((coll['avgObjSize'] as number) * 4);
    expect((await runError(collStatsCommand, { collStats: 'missing' }, ctx)).code).toBe(26);
  });
});

describe('clustered collections', () => {
  it('stores the clustered index and reports it from listIndexes and listCollections', async () => {
    ctx = makeContext();
    await run(
      createCommand,
      { create: 'cl', clusteredIndex: { key: { _id: 1 }, unique: true, name: 'by id' } },
      ctx,
    );
    const [entry] = firstBatch(await run(listCollectionsCommand, { listCollections: 1 }, ctx));
    expect(entry?.['options']).toEqual({
      clusteredIndex: { v: 2, key: { _id: 1 }, name: 'by id', unique: true },
    });
    expect(entry?.['idIndex']).toBeUndefined();
    expect(firstBatch(await run(listIndexesCommand, { listIndexes: 'cl' }, ctx))).toEqual([
      { v: 2, key: { _id: 1 }, name: 'by id', unique: true, clustered: true },
    ]);
    expect(
      (await runError(createCommand, { create: 'bad', clusteredIndex: { key: { a: 1 }, unique: true } }, ctx))
        .code,
    ).toBe(197);
  });
});
