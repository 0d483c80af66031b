/**
 * Aliases → settings → one shared `MongoClient` per distinct server/options (aliases that differ
 * only by database share a client, which is closed when its last alias disconnects).
 */
import {
  MongoClient,
  type Collection,
  type Db,
  type Document as MongoDoc,
  type MongoClientOptions,
} from 'mongodb';
import { attachCommandMonitor } from '../context/command-monitor.js';
import { attachDebugLogging, debugClientOptions } from './debug-logging.js';
import { ConnectionError } from '../errors/usage-errors.js';
import { parseMongoUri, redactUri } from './uri.js';

/** The alias used when none is given. */
export const DEFAULT_CONNECTION_NAME = 'default';
/** The database used when neither the URI nor the options name one. */
export const DEFAULT_DATABASE_NAME = 'test';
/** Fail fast instead of the driver's 30 s when no server answers. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;

/** A server given as parts instead of a URI. */
export interface ConnectionSpec {
  /** A full `mongodb://` URI, or a host name. Default `127.0.0.1`. */
  readonly host?: string;
  /** TCP port; default 27017. Ignored when `host` is a URI. */
  readonly port?: number;
  /** Database name; the `db` connect option wins over it. */
  readonly db?: string;
  /** User name, put URI-encoded into the URI. Ignored when `host` is a URI. */
  readonly username?: string;
  /** Password, used only together with `username`. Ignored when `host` is a URI. */
  readonly password?: string;
}

/** Options of {@link connect} / {@link registerConnection}: an alias, a db name, and driver options. */
export interface ConnectOptions extends MongoClientOptions {
  /** Name of this connection; default `'default'`. */
  readonly alias?: string;
  /** Database name; overrides the URI's path. */
  readonly db?: string;
}

interface ClientEntry {
  readonly key: string;
  readonly uri: string;
  readonly options: MongoClientOptions;
  client: MongoClient | undefined;
  readonly aliases: Set<string>;
}

interface AliasEntry {
  readonly alias: string;
  readonly dbName: string;
  /** Identity of the settings, to tell a repeated connect from a conflicting one. */
  readonly settingsKey: string;
  readonly displayUri: string;
  readonly clientEntry: ClientEntry;
  db: Db | undefined;
  readonly collections: Map<string, Collection<MongoDoc>>;
  connecting: Promise<Db> | undefined;
}

const aliases = new Map<string, AliasEntry>();
const clients = new Map<string, ClientEntry>();
const disconnectListeners = new Set<(alias: string) => void>();

/** Resolves a URI or spec plus options into normalised settings. */
function resolveSettings(target: string | ConnectionSpec, options: ConnectOptions) {
  const { alias: _alias, db, ...clientOptions } = options;
  let uri: string;
  let specDb: string | undefined;
  if (typeof target === 'string') {
    uri = target;
  } else {
    specDb = target.db;
    if (target.host && parseMongoUri(target.host)) {
      uri = target.host;
    } else {
      const auth =
        target.username !== undefined
          ? `${encodeURIComponent(target.username)}${target.password !== undefined ? `:${encodeURIComponent(target.password)}` : ''}@`
          : '';
      uri = `mongodb://${auth}${target.host ?? '127.0.0.1'}:${target.port ?? 27017}/`;
    }
  }
  const parsed = parseMongoUri(uri);
  if (!parsed) {
    throw new ConnectionError(
      `Invalid MongoDB URI ${JSON.stringify(redactUri(uri))}: expected 'mongodb://host[:port]/db' or 'mongodb+srv://…'.`,
    );
  }
  const dbName = db ?? specDb ?? parsed.dbName ?? DEFAULT_DATABASE_NAME;
  const fullOptions: MongoClientOptions = {
    serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
    driverInfo: { name: 'mongoengine-ts' },
    // queryCounter() counts through command monitoring; with no counter in scope a command costs one store lookup.
    monitorCommands: true,
    ...clientOptions,
  };
  // With credentials the path doubles as the default authSource, so it must stay part of the client identity.
  const clientUri = parsed.hasCredentials ? uri : parsed.withoutDb;
  const clientKey = `${clientUri}\u0000${stableKey(fullOptions)}`;
  return { uri, dbName, clientUri, clientKey, fullOptions, settingsKey: `${clientKey}\u0000${dbName}` };
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** A deterministic string for option objects; non-plain values compare by identity. */
function stableKey(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return `fn#${identity(value)}`;
    return JSON.stringify(value) ?? 'undefined';
  }
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return `obj#${identity(value)}`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(',')}}`;
}

function identity(value: object): number {
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(value, id);
  }
  return id;
}

function unknownAlias(alias: string): ConnectionError {
  const hint = alias === DEFAULT_CONNECTION_NAME ? 'connect(uri)' : `connect(uri, { alias: '${alias}' })`;
  return new ConnectionError(`No connection named '${alias}'. Call ${hint} first.`);
}

/**
 * Records the settings of an alias without connecting; the client is created on first use.
 * Registering an alias again with the same settings is a no-op; with other settings it throws.
 *
 * @example
 * registerConnection('mongodb://127.0.0.1:27017/reports', { alias: 'reports' });
 * getDb('reports'); // the driver connects on the first operation
 */
export function registerConnection(target: string | ConnectionSpec, options: ConnectOptions = {}): void {
  const alias = options.alias ?? DEFAULT_CONNECTION_NAME;
  const s = resolveSettings(target, options);
  const existing = aliases.get(alias);
  if (existing) {
    if (existing.settingsKey === s.settingsKey) return;
    throw new ConnectionError(
      `Connection '${alias}' is already registered with other settings (${existing.displayUri}, db '${existing.dbName}'). ` +
        `Call disconnect('${alias}') first.`,
    );
  }
  let clientEntry = clients.get(s.clientKey);
  if (!clientEntry) {
    clientEntry = {
      key: s.clientKey,
      uri: s.clientUri,
      options: s.fullOptions,
      client: undefined,
      aliases: new Set(),
    };
    clients.set(s.clientKey, clientEntry);
  }
  clientEntry.aliases.add(alias);
  aliases.set(alias, {
    alias,
    dbName: s.dbName,
    settingsKey: s.settingsKey,
    displayUri: redactUri(s.uri),
    clientEntry,
    db: undefined,
    collections: new Map(),
    connecting: undefined,
  });
}

/**
 * Registers an alias and verifies the server with a `ping`; resolves to its `Db`. Fails fast
 * (default `serverSelectionTimeoutMS` 5 s) with a {@link ConnectionError} naming the alias and
 * the URI without credentials, and leaves the alias unregistered. Connecting an alias again with
 * the same settings returns the existing `Db`; with other settings it throws.
 *
 * @example
 * const db = await connect('mongodb://127.0.0.1:27017/blog');
 * await connect('mongodb://127.0.0.1:27017/archive', { alias: 'archive' }); // shares the client
 */
export async function connect(target: string | ConnectionSpec, options: ConnectOptions = {}): Promise<Db> {
  const alias = options.alias ?? DEFAULT_CONNECTION_NAME;
  registerConnection(target, options);
  const entry = aliases.get(alias)!;
  // The same settings again share the pending (or finished) attempt.
  if (!entry.connecting) {
    entry.connecting = (async () => {
      try {
        const db = getDb(alias);
        await db.command({ ping: 1 });
        return db;
      } catch (error) {
        if (aliases.get(alias) === entry) await disconnect(alias);
        const reason = error instanceof Error ? error.message : String(error);
        throw new ConnectionError(`Could not connect '${alias}' to ${entry.displayUri}: ${reason}`, {
          cause: error,
        });
      }
    })();
  }
  return entry.connecting;
}

/**
 * The `MongoClient` of an alias (created on first use for lazily registered aliases).
 *
 * @example
 * const client = getConnection();
 * await client.db('admin').command({ ping: 1 });
 */
export function getConnection(alias: string = DEFAULT_CONNECTION_NAME): MongoClient {
  const entry = aliases.get(alias);
  if (!entry) throw unknownAlias(alias);
  const ce = entry.clientEntry;
  if (!ce.client) {
    try {
      ce.client = new MongoClient(ce.uri, debugClientOptions(ce.options));
      attachCommandMonitor(ce.client);
      attachDebugLogging(ce.client);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConnectionError(`Could not create a client for '${alias}' (${entry.displayUri}): ${reason}`, {
        cause: error,
      });
    }
  }
  return ce.client;
}

/**
 * The `Db` of an alias (its database from the URI path or the `db` option; default `test`).
 *
 * @example
 * const users = getDb().collection('users');
 */
export function getDb(alias: string = DEFAULT_CONNECTION_NAME): Db {
  const entry = aliases.get(alias);
  if (!entry) throw unknownAlias(alias);
  entry.db ??= getConnection(alias).db(entry.dbName);
  return entry.db;
}

/**
 * A collection of an alias's database, cached until the alias disconnects.
 *
 * @example
 * await getCollection('users').insertOne({ name: 'Ada' });
 */
export function getCollection<TSchema extends MongoDoc = MongoDoc>(
  name: string,
  alias: string = DEFAULT_CONNECTION_NAME,
): Collection<TSchema> {
  const entry = aliases.get(alias);
  if (!entry) throw unknownAlias(alias);
  let coll = entry.collections.get(name);
  if (!coll) {
    coll = getDb(alias).collection(name);
    entry.collections.set(name, coll);
  }
  return coll as unknown as Collection<TSchema>;
}

/**
 * Forgets an alias and drops its cached db and collections; closes the client when no other
 * alias shares it. Unknown aliases are ignored.
 *
 * @example
 * await disconnect('reports');
 */
export async function disconnect(alias: string = DEFAULT_CONNECTION_NAME): Promise<void> {
  const entry = aliases.get(alias);
  if (!entry) return;
  aliases.delete(alias);
  entry.collections.clear();
  entry.db = undefined;
  const ce = entry.clientEntry;
  ce.aliases.delete(alias);
  for (const listener of disconnectListeners) listener(alias);
  if (ce.aliases.size === 0) {
    clients.delete(ce.key);
    const client = ce.client;
    ce.client = undefined;
    await client?.close();
  }
}

/**
 * Disconnects every alias.
 *
 * @example
 * afterAll(() => disconnectAll());
 */
export async function disconnectAll(): Promise<void> {
  await Promise.all([...aliases.keys()].map((alias) => disconnect(alias)));
}

/**
 * Registered alias names.
 *
 * @example
 * listConnections(); // ['default', 'reports']
 */
export function listConnections(): string[] {
  return [...aliases.keys()];
}

/**
 * Calls `listener(alias)` whenever an alias is disconnected, so layers that cache collections
 * (document classes) can drop them. Returns an unsubscribe function.
 *
 * @example
 * const cache = new Map<string, unknown>();
 * const off = onDisconnect((alias) => cache.delete(alias));
 */
export function onDisconnect(listener: (alias: string) => void): () => void {
  disconnectListeners.add(listener);
  return () => disconnectListeners.delete(listener);
}
