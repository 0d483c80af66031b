import { GridFSBucket } from 'mongodb';
import type { ClientSession, Collection, Db } from 'mongodb';
import { ClientEntity } from './client-entity.js';
import { toDriverOptions } from './driver-options.js';
import { SkipError } from './skip-error.js';
import type { MatchEntities } from './matcher.js';
import type { SpecDoc } from './spec-types.js';

/** A `session` entity: the driver session and the `lsid` it was given (kept after it ends). */
export interface SessionEntity {
  kind: 'session';
  session: ClientSession;
  client: ClientEntity;
  lsid: unknown;
}

/** Every kind of value the entity map holds. */
export type Entity =
  | { kind: 'client'; value: ClientEntity }
  | { kind: 'database'; value: Db; client: ClientEntity }
  | { kind: 'collection'; value: Collection; client: ClientEntity }
  | SessionEntity
  | { kind: 'bucket'; value: GridFSBucket }
  | { kind: 'value'; value: unknown };

/**
 * The entities of one test, by id: created from `createEntities`, grown by `saveResultAsEntity`,
 * and closed after the test.
 *
 * @example
 * const map = new EntityMap(uri);
 * await map.create([{ client: { id: 'client0' } }]);
 * map.client('client0').client; // MongoClient
 */
export class EntityMap implements MatchEntities {
  private readonly entities = new Map<string, Entity>();

  constructor(private readonly uri: string) {}

  /** Creates entities in order (later ones may refer to earlier ones). */
  async create(specs: readonly SpecDoc[]): Promise<void> {
    for (const spec of specs) {
      const [type, raw] = Object.entries(spec)[0] ?? [];
      const def = (raw ?? {}) as SpecDoc;
      const id = String(def['id']);
      if (this.entities.has(id)) throw new Error(`entity '${id}' already exists`);
      const entity = await this.build(String(type), def);
      this.entities.set(id, entity);
      if (entity.kind === 'client') {
        for (const [storeId, stored] of entity.value.storedEvents)
          this.entities.set(storeId, { kind: 'value', value: stored.list });
      }
    }
  }

  private async build(type: string, def: SpecDoc): Promise<Entity> {
    switch (type) {
      case 'client':
        return { kind: 'client', value: await ClientEntity.create(this.uri, def) };
      case 'database': {
        const client = this.client(String(def['client']));
        const db = client.client.db(
          String(def['databaseName']),
          toDriverOptions(def['databaseOptions'] as SpecDoc),
        );
        return { kind: 'database', value: db, client };
      }
      case 'collection': {
        const db = this.database(String(def['database']));
        const client = (this.get(String(def['database'])) as { client: ClientEntity }).client;
        const coll = db.collection(
          String(def['collectionName']),
          toDriverOptions(def['collectionOptions'] as SpecDoc),
        );
        return { kind: 'collection', value: coll, client };
      }
      case 'session': {
        const client = this.client(String(def['client']));
        const options = { ...((def['sessionOptions'] as SpecDoc | undefined) ?? {}) };
        if (options['defaultTransactionOptions']) {
          options['defaultTransactionOptions'] = toDriverOptions(
            options['defaultTransactionOptions'] as SpecDoc,
          );
        }
        const session = client.client.startSession(options);
        return { kind: 'session', session, client, lsid: session.id };
      }
      case 'bucket': {
        const db = this.database(String(def['database']));
        return {
          kind: 'bucket',
          value: new GridFSBucket(db, toDriverOptions(def['bucketOptions'] as SpecDoc)),
        };
      }
      case 'clientEncryption':
        throw new SkipError('client-side encryption (clientEncryption entity) is out of scope');
      case 'thread':
        throw new SkipError('thread entities not supported by this runner');
      default:
        throw new SkipError(`entity type ${type} not supported by this runner`);
    }
  }

  /** Whether an id names an entity. */
  has(id: string): boolean {
    return this.entities.has(id);
  }

  /** The entity of an id; throws when missing. */
  get(id: string): Entity {
    const entity = this.entities.get(id);
    if (!entity) throw new Error(`no entity '${id}'`);
    return entity;
  }

  /** Saves an operation result (`saveResultAsEntity`). */
  save(id: string, value: unknown): void {
    this.entities.set(id, { kind: 'value', value });
  }

  /** The client entity of an id. */
  client(id: string): ClientEntity {
    const e = this.get(id);
    if (e.kind !== 'client') throw new Error(`entity '${id}' is a ${e.kind}, not a client`);
    return e.value;
  }

  /** The database entity of an id. */
  database(id: string): Db {
    const e = this.get(id);
    if (e.kind !== 'database') throw new Error(`entity '${id}' is a ${e.kind}, not a database`);
    return e.value;
  }

  /** The session entity of an id. */
  session(id: string): SessionEntity {
    const e = this.get(id);
    if (e.kind !== 'session') throw new Error(`entity '${id}' is a ${e.kind}, not a session`);
    return e;
  }

  /** Every client entity, in creation order. */
  clients(): ClientEntity[] {
    return [...this.entities.values()].flatMap((e) => (e.kind === 'client' ? [e.value] : []));
  }

  resolve(id: string): unknown {
    const e = this.get(id);
    if (e.kind === 'session') return e.lsid;
    if (e.kind === 'client') return e.value.client;
    return e.value;
  }

  sessionLsid(id: string): unknown {
    const s = this.session(id);
    return s.lsid ?? s.session.id;
  }

  /** Ends sessions and closes clients; never throws. */
  async close(): Promise<void> {
    for (const e of this.entities.values()) {
      if (e.kind === 'session') await e.session.endSession().catch(() => undefined);
    }
    await Promise.all(this.clients().map((c) => c.close()));
    this.entities.clear();
  }
}
