import { MongoClient } from 'mongodb';
import { isPlainDocument } from './bson-kind.js';
import { withUriOptions } from './driver-options.js';
import { SkipError } from './skip-error.js';
import type { SpecDoc } from './spec-types.js';

/** A command-monitoring event as the runner records it. */
export interface CommandEventRecord {
  type: 'commandStartedEvent' | 'commandSucceededEvent' | 'commandFailedEvent';
  commandName: string;
  databaseName: string | undefined;
  command?: Record<string, unknown>;
  reply?: unknown;
  failure?: unknown;
  hasServiceId: boolean;
  hasServerConnectionId: boolean;
}

/** A connection-pool event as the runner records it. */
export interface CmapEventRecord {
  type: string;
  reason?: string;
}

/** A deep copy of plain documents and arrays; BSON values (immutable) are shared. */
function snapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snapshot);
  if (isPlainDocument(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = snapshot(v);
    return out;
  }
  return value;
}

/** Driver event name → unified-format name, for connection-pool events. */
const CMAP_EVENTS: Record<string, string> = {
  connectionPoolCreated: 'poolCreatedEvent',
  connectionPoolReady: 'poolReadyEvent',
  connectionPoolCleared: 'poolClearedEvent',
  connectionPoolClosed: 'poolClosedEvent',
  connectionCreated: 'connectionCreatedEvent',
  connectionReady: 'connectionReadyEvent',
  connectionClosed: 'connectionClosedEvent',
  connectionCheckOutStarted: 'connectionCheckOutStartedEvent',
  connectionCheckOutFailed: 'connectionCheckOutFailedEvent',
  connectionCheckedOut: 'connectionCheckedOutEvent',
  connectionCheckedIn: 'connectionCheckedInEvent',
};

/** Commands whose monitoring events are hidden unless `observeSensitiveCommands` is set. */
const SENSITIVE_COMMANDS = new Set([
  'authenticate',
  'saslstart',
  'saslcontinue',
  'getnonce',
  'createuser',
  'updateuser',
  'copydbgetnonce',
  'copydbsaslstart',
  'copydb',
]);

/** Entity options of `client` that this runner understands (others make the test skip). */
const KNOWN_CLIENT_OPTIONS = new Set([
  'id',
  'uriOptions',
  'useMultipleMongoses',
  'observeEvents',
  'ignoreCommandMonitoringEvents',
  'observeSensitiveCommands',
  'storeEventsAsEntities',
  'serverApi',
  'observeLogMessages',
]);

/**
 * A `client` entity: a driver `MongoClient` plus the events it recorded since it was created.
 *
 * @example
 * const c = await ClientEntity.create(uri, { id: 'client0', observeEvents: ['commandStartedEvent'] });
 * await c.client.db('x').command({ ping: 1 });
 * c.commandEvents[0]?.commandName; // 'ping'
 */
export class ClientEntity {
  readonly commandEvents: CommandEventRecord[] = [];
  readonly cmapEvents: CmapEventRecord[] = [];
  /** Connections checked out of the pool and not yet checked back in. */
  checkedOut = 0;
  /** Where events named in `storeEventsAsEntities` go (entity id → list). */
  readonly storedEvents = new Map<string, { events: Set<string>; list: Record<string, unknown>[] }>();

  /** Request ids of ignored commands, so their reply events are ignored too. */
  private readonly skippedRequests = new Set<number>();

  private constructor(
    readonly id: string,
    readonly client: MongoClient,
  ) {}

  /** Creates a client entity from its spec description (the driver connects on first use). */
  static async create(uri: string, spec: SpecDoc): Promise<ClientEntity> {
    for (const key of Object.keys(spec)) {
      if (key === 'autoEncryptOpts')
        throw new SkipError('client-side encryption (autoEncryptOpts) is out of scope');
      if (!KNOWN_CLIENT_OPTIONS.has(key))
        throw new SkipError(`client entity option ${key} not supported by this runner`);
    }
    const uriOptions = { ...((spec['uriOptions'] as SpecDoc | undefined) ?? {}) };
    if (String(uriOptions['readPreference'] ?? '').toLowerCase() === 'secondary') {
      // The driver selects by the client's read preference before it applies a transaction's, so
      // it would wait for a secondary that a one-member replica set never has.
      throw new SkipError(
        'client readPreference secondary needs a secondary (one-member replica set has none)',
      );
    }
    if (uriOptions['appname'] !== undefined) {
      uriOptions['appName'] = uriOptions['appname'];
      delete uriOptions['appname'];
    }
    const options: Record<string, unknown> = { monitorCommands: true };
    if (spec['serverApi']) options['serverApi'] = spec['serverApi'];
    const client = new MongoClient(withUriOptions(uri, uriOptions), options);
    const entity = new ClientEntity(String(spec['id']), client);
    entity.listen(spec);
    // No eager connect: the driver connects on first use, and an eager connect with a
    // `secondary` read preference would wait for a secondary a one-member set never has.
    return entity;
  }

  private listen(spec: SpecDoc): void {
    const observe = new Set((spec['observeEvents'] as string[] | undefined) ?? []);
    const ignored = new Set((spec['ignoreCommandMonitoringEvents'] as string[] | undefined) ?? []);
    const sensitive = spec['observeSensitiveCommands'] === true;
    for (const stored of (spec['storeEventsAsEntities'] as SpecDoc[] | undefined) ?? []) {
      this.storedEvents.set(String(stored['id']), {
        events: new Set(stored['events'] as string[]),
        list: [],
      });
    }

    const skipCommand = (name: string, command?: Record<string, unknown>): boolean => {
      if (ignored.has(name)) return true;
      // The runner's own fail-point commands never count as the test's traffic.
      if (name === 'configureFailPoint') return true;
      if (sensitive) return false;
      const lower = name.toLowerCase();
      if (SENSITIVE_COMMANDS.has(lower)) return true;
      if (lower === 'hello' || lower === 'ismaster')
        return !command || Object.keys(command).length === 0 || 'speculativeAuthenticate' in command;
      return false;
    };

    const record = (type: CommandEventRecord['type'], event: Record<string, unknown>): void => {
      const name = String(event['commandName']);
      const command = event['command'] as Record<string, unknown> | undefined;
      if (type === 'commandStartedEvent' && skipCommand(name, command)) {
        this.skippedRequests.add(event['requestId'] as number);
        return;
      }
      if (
        type !== 'commandStartedEvent' &&
        (this.skippedRequests.has(event['requestId'] as number) || skipCommand(name))
      )
        return;
      const rec: CommandEventRecord = {
        type,
        commandName: name,
        databaseName: event['databaseName'] as string | undefined,
        hasServiceId: event['serviceId'] !== undefined && event['serviceId'] !== null,
        hasServerConnectionId:
          event['serverConnectionId'] !== undefined && event['serverConnectionId'] !== null,
      };
      // The driver may later mutate objects it put in a command (it extends a shared readConcern
      // with afterClusterTime), so the event keeps a snapshot.
      if (type === 'commandStartedEvent') rec.command = snapshot(command) as Record<string, unknown>;
      if (type === 'commandSucceededEvent') rec.reply = snapshot(event['reply']);
      if (type === 'commandFailedEvent') rec.failure = event['failure'];
      if (observe.has(type)) this.commandEvents.push(rec);
      this.store(type, {
        name: type,
        commandName: name,
        databaseName: rec.databaseName,
        observedAt: Date.now() / 1000,
      });
    };
    this.client.on('commandStarted', (e) => record('commandStartedEvent', e as never));
    this.client.on('commandSucceeded', (e) => record('commandSucceededEvent', e as never));
    this.client.on('commandFailed', (e) => record('commandFailedEvent', e as never));

    for (const [driverName, specName] of Object.entries(CMAP_EVENTS)) {
      this.client.on(
        driverName as never,
        ((e: { reason?: string }) => {
          if (driverName === 'connectionCheckedOut') this.checkedOut++;
          if (driverName === 'connectionCheckedIn') this.checkedOut--;
          if (observe.has(specName)) this.cmapEvents.push({ type: specName, reason: e?.reason });
          this.store(specName, { name: specName, observedAt: Date.now() / 1000 });
        }) as never,
      );
    }
  }

  private store(type: string, event: Record<string, unknown>): void {
    for (const stored of this.storedEvents.values()) if (stored.events.has(type)) stored.list.push(event);
  }

  /** Closes the client, forcing open connections shut so a hung operation cannot hold the run. */
  async close(): Promise<void> {
    await this.client.close(true as never).catch(() => undefined);
  }
}
