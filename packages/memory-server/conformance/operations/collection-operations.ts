import type { Collection, Db, MongoClient, SearchIndexDescription } from 'mongodb';
import { splitArgs } from './operation-types.js';
import type { OperationHandler } from './operation-types.js';
import type { SpecDoc } from '../spec-types.js';

const coll = (target: unknown): Collection => target as Collection;
const db = (target: unknown): Db => target as Db;

/**
 * Database, collection-management and index-management operations (including the Atlas search
 * index helpers, which a non-Atlas server answers with an error the spec tests expect).
 *
 * @example
 * await collectionOperations.createCollection!(db, { collection: 'c' }, ctx);
 */
export const collectionOperations: Record<string, OperationHandler> = {
  async runCommand(target, args) {
    const [[command], options] = splitArgs(args, ['command', 'commandName']);
    return db(target).command(command as SpecDoc, options);
  },
  async createCollection(target, args) {
    const [[name], options] = splitArgs(args, ['collection']);
    await db(target).createCollection(String(name), options);
    return undefined;
  },
  async dropCollection(target, args) {
    const [[name], options] = splitArgs(args, ['collection']);
    return db(target).dropCollection(String(name), options);
  },
  async listCollections(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return db(target)
      .listCollections((filter ?? {}) as SpecDoc, options)
      .toArray();
  },
  async listCollectionNames(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    const infos = await db(target)
      .listCollections((filter ?? {}) as SpecDoc, { ...options, nameOnly: true })
      .toArray();
    return infos.map((info) => info.name);
  },
  async modifyCollection(target, args) {
    const [[name], rest] = splitArgs(args, ['collection']);
    const { session, ...fields } = rest;
    return db(target).command({ collMod: name, ...fields }, session ? { session: session as never } : {});
  },
  async listDatabases(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    const r = await (target as MongoClient)
      .db('admin')
      .admin()
      .listDatabases({ ...options, ...(filter ? { filter } : {}) } as never);
    return r.databases;
  },
  async listDatabaseNames(target, args) {
    const r = await (target as MongoClient)
      .db('admin')
      .admin()
      .listDatabases({ ...args, nameOnly: true } as never);
    return r.databases.map((d) => d.name);
  },
  async rename(target, args) {
    const [[to], options] = splitArgs(args, ['to']);
    await coll(target).rename(String(to), options);
    return undefined;
  },
  async drop(target, args) {
    if (typeof (target as { drop?: unknown }).drop !== 'function')
      throw new Error('drop: target has no drop()');
    return (target as Collection).drop(args);
  },
  async createIndex(target, args) {
    const [[keys], options] = splitArgs(args, ['keys']);
    return coll(target).createIndex(keys as never, options);
  },
  async dropIndex(target, args) {
    const [[name], options] = splitArgs(args, ['name']);
    await coll(target).dropIndex(String(name), options);
    return undefined;
  },
  async dropIndexes(target, args) {
    await coll(target).dropIndexes(args);
    return undefined;
  },
  async listIndexes(target, args) {
    return coll(target).listIndexes(args).toArray();
  },
  async listIndexNames(target, args) {
    const indexes = await coll(target).listIndexes(args).toArray();
    return indexes.map((i) => i['name'] as string);
  },
  async createSearchIndex(target, args) {
    return coll(target).createSearchIndex(args['model'] as SearchIndexDescription);
  },
  async createSearchIndexes(target, args) {
    return coll(target).createSearchIndexes(args['models'] as SearchIndexDescription[]);
  },
  async dropSearchIndex(target, args) {
    await coll(target).dropSearchIndex(String(args['name']));
    return undefined;
  },
  async updateSearchIndex(target, args) {
    await coll(target).updateSearchIndex(String(args['name']), args['definition'] as SpecDoc);
    return undefined;
  },
  async listSearchIndexes(target, args) {
    const options = (args['aggregationOptions'] ?? {}) as SpecDoc;
    const cursor =
      args['name'] !== undefined
        ? coll(target).listSearchIndexes(String(args['name']), options)
        : coll(target).listSearchIndexes(options);
    return cursor.toArray();
  },
};
