/**
 * Feeds the query counters of the current task from the driver's command monitoring. The
 * driver emits `commandStarted` synchronously inside the operation's own async chain, so the
 * AsyncLocalStorage store seen by the listener is the store of the task that sent the command.
 */
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { currentContext } from './store.js';

/**
 * Handshake, liveness and cleanup commands the driver sends on its own; a query counter does not
 * count them (MongoEngine's `query_counter` skips them too).
 */
export const UNCOUNTED_COMMANDS: ReadonlySet<string> = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'buildInfo',
  'endSessions',
  'killCursors',
  'saslStart',
  'saslContinue',
]);

const attached = new WeakSet<MongoClient>();

function onCommandStarted(event: CommandStartedEvent): void {
  const counters = currentContext().queryCounters;
  if (counters.length === 0 || UNCOUNTED_COMMANDS.has(event.commandName)) return;
  for (const counter of counters) {
    counter.count++;
    counter.commands?.push({
      name: event.commandName,
      db: event.databaseName,
      command: event.command as Record<string, unknown>,
    });
  }
}

/**
 * Subscribes the query counters to a client's `commandStarted` events (once per client). The
 * client must have been created with `monitorCommands: true` — the connection registry does so
 * unless told otherwise.
 *
 * @example
 * attachCommandMonitor(new MongoClient(uri, { monitorCommands: true }));
 */
export function attachCommandMonitor(client: MongoClient): void {
  if (attached.has(client)) return;
  attached.add(client);
  client.on('commandStarted', onCommandStarted);
}
