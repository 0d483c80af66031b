/**
 * Opt-in logging of every command the ODM's clients send, through the `debug` package:
 * `DEBUG=mongoengine-ts` (or `mongoengine-ts:*`, `mongoengine-ts:command`). Whether it is on is
 * decided when a client is created; when it is off nothing is attached, so it costs nothing.
 */
import createDebug from 'debug';
import {
  BSON,
  type CommandFailedEvent,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type MongoClient,
  type MongoClientOptions,
} from 'mongodb';

/** The root `debug` namespace of the ODM. */
export const DEBUG_NAMESPACE = 'mongoengine-ts';
/** The namespace command lines are logged under. */
export const COMMAND_DEBUG_NAMESPACE = `${DEBUG_NAMESPACE}:command`;
/** Command text longer than this is cut, so a bulk insert does not flood the log. */
export const MAX_LOGGED_COMMAND_LENGTH = 1000;

const commandDebug = createDebug(COMMAND_DEBUG_NAMESPACE);
const rootDebug = createDebug(DEBUG_NAMESPACE);
let customLogger: ((line: string) => void) | undefined;
const attached = new WeakSet<MongoClient>();
/** `db.collection command` of commands in flight, by request id, to label their outcome. */
const inFlight = new Map<number, string>();

/** Session and cluster-time plumbing the driver adds to every command; noise in a log. */
const HIDDEN_FIELDS = new Set(['lsid', '$clusterTime', '$db', 'txnNumber', 'autocommit', '$readPreference']);

type LogFn = (line: string) => void;

function activeLogger(): LogFn | undefined {
  if (customLogger) return customLogger;
  if (commandDebug.enabled) return commandDebug;
  // `DEBUG=mongoengine-ts` names the root namespace only, which `mongoengine-ts:command` does not match.
  if (rootDebug.enabled) return rootDebug;
  return undefined;
}

/**
 * Whether command logging is on: a logger set with {@link setDebugLogger}, or `DEBUG` naming
 * `mongoengine-ts`, `mongoengine-ts:*` or `mongoengine-ts:command`.
 *
 * @example
 * // DEBUG=mongoengine-ts node app.js
 * isDebugLoggingEnabled(); // true
 */
export function isDebugLoggingEnabled(): boolean {
  return activeLogger() !== undefined;
}

/**
 * Turns command logging on from code, as `DEBUG=mongoengine-ts:*` would, keeping the namespaces
 * already enabled. It applies to clients created afterwards: call it before `connect()`.
 *
 * @example
 * enableDebugLogging();
 * await connect('mongodb://127.0.0.1:27017/blog'); // every command is logged to stderr
 */
export function enableDebugLogging(namespaces = `${DEBUG_NAMESPACE}:*`): void {
  const current = createDebug.disable();
  createDebug.enable(current ? `${current},${namespaces}` : namespaces);
}

/**
 * Sends command log lines to a function of yours instead of `debug` (a pino or winston logger,
 * a test buffer); `undefined` goes back to `debug`. Like `DEBUG`, it applies to clients created
 * afterwards.
 *
 * @example
 * setDebugLogger((line) => logger.debug(line));
 * await connect('mongodb://127.0.0.1:27017/blog');
 */
export function setDebugLogger(logger: ((line: string) => void) | undefined): void {
  customLogger = logger;
}

/**
 * The client options to use: `monitorCommands` forced on when logging is enabled (the driver
 * emits command events only then), the options unchanged otherwise.
 *
 * @example
 * new MongoClient(uri, debugClientOptions(options));
 */
export function debugClientOptions(options: MongoClientOptions): MongoClientOptions {
  if (options.monitorCommands === true || !isDebugLoggingEnabled()) return options;
  return { ...options, monitorCommands: true };
}

/**
 * Subscribes the command logger to a client's command events when logging is enabled; returns
 * whether it is subscribed. Each event checks again, so `debug.disable()` silences existing clients.
 *
 * @example
 * const client = new MongoClient(uri, debugClientOptions(options));
 * attachDebugLogging(client);
 */
export function attachDebugLogging(client: MongoClient): boolean {
  if (attached.has(client)) return true;
  if (!isDebugLoggingEnabled()) return false;
  attached.add(client);
  client.on('commandStarted', onStarted);
  client.on('commandSucceeded', onSucceeded);
  client.on('commandFailed', onFailed);
  return true;
}

/**
 * Whether {@link attachDebugLogging} subscribed to this client (for tests and diagnostics).
 *
 * @example
 * hasDebugLogging(getConnection()); // false unless DEBUG was set before connect()
 */
export function hasDebugLogging(client: MongoClient): boolean {
  return attached.has(client);
}

/**
 * The command as logged: compact relaxed EJSON without the session plumbing, cut at
 * {@link MAX_LOGGED_COMMAND_LENGTH} characters.
 *
 * @example
 * formatCommand({ find: 'users', filter: { age: { $gte: 18 } }, lsid: { id: 1 }, $db: 'blog' });
 * // '{"find":"users","filter":{"age":{"$gte":18}}}'
 */
export function formatCommand(command: Record<string, unknown>): string {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command)) if (!HIDDEN_FIELDS.has(key)) shown[key] = value;
  let text: string;
  try {
    text = BSON.EJSON.stringify(shown, { relaxed: true });
  } catch {
    text = String(shown);
  }
  return text.length > MAX_LOGGED_COMMAND_LENGTH
    ? `${text.slice(0, MAX_LOGGED_COMMAND_LENGTH)}… (${text.length} chars)`
    : text;
}

function labelOf(event: CommandStartedEvent): string {
  const target = event.command[event.commandName];
  const where = typeof target === 'string' ? `${event.databaseName}.${target}` : event.databaseName;
  return `${where} ${event.commandName}`;
}

function onStarted(event: CommandStartedEvent): void {
  const log = activeLogger();
  if (!log) return;
  const label = labelOf(event);
  if (inFlight.size > 10_000) inFlight.clear(); // events of a dropped connection never complete
  inFlight.set(event.requestId, label);
  log(`${label} ${formatCommand(event.command as Record<string, unknown>)} [#${event.requestId}]`);
}

/** `n` of a write, or the size of the first/next cursor batch of a read. */
function countOf(reply: unknown): number | undefined {
  if (reply === null || typeof reply !== 'object') return undefined;
  const r = reply as { n?: unknown; cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } };
  if (typeof r.n === 'number') return r.n;
  const batch = r.cursor?.firstBatch ?? r.cursor?.nextBatch;
  return Array.isArray(batch) ? batch.length : undefined;
}

function onSucceeded(event: CommandSucceededEvent): void {
  const label = inFlight.get(event.requestId) ?? `${event.databaseName} ${event.commandName}`;
  inFlight.delete(event.requestId);
  const log = activeLogger();
  if (!log) return;
  const n = countOf(event.reply);
  const ok = (event.reply as { ok?: unknown } | null)?.ok;
  log(
    `${label} ok=${ok === undefined ? '?' : String(ok)}${n === undefined ? '' : ` n=${n}`} in ${event.duration.toFixed(1)} ms [#${event.requestId}]`,
  );
}

function onFailed(event: CommandFailedEvent): void {
  const label = inFlight.get(event.requestId) ?? `${event.databaseName} ${event.commandName}`;
  inFlight.delete(event.requestId);
  const log = activeLogger();
  if (!log) return;
  const code = (event.failure as { code?: unknown }).code;
  log(
    `${label} failed in ${event.duration.toFixed(1)} ms: ${event.failure.message}${code === undefined ? '' : ` (code ${String(code)})`} [#${event.requestId}]`,
  );
}
