import { allowDriverDifferences } from './driver-allowances.js';
import type { CmapEventRecord, CommandEventRecord } from './client-entity.js';
import { matchValue } from './matcher.js';
import type { MatchEntities } from './matcher.js';
import type { SpecDoc, SpecExpectedEvents } from './spec-types.js';

function describeCommandEvent(e: CommandEventRecord): string {
  return `${e.type}(${e.commandName}${e.databaseName ? ` on ${e.databaseName}` : ''})`;
}

/** Checks one expected command event against one recorded event; `undefined` when it matches. */
function matchCommandEvent(
  expected: SpecDoc,
  actual: CommandEventRecord,
  entities: MatchEntities,
  at: string,
): string | undefined {
  const [type, spec] = Object.entries(expected)[0] as [string, SpecDoc];
  if (type !== actual.type) return `${at}: expected ${type}, got ${describeCommandEvent(actual)}`;
  if (spec['commandName'] !== undefined && spec['commandName'] !== actual.commandName) {
    return `${at}: expected command ${String(spec['commandName'])}, got ${describeCommandEvent(actual)}`;
  }
  if (spec['databaseName'] !== undefined && spec['databaseName'] !== actual.databaseName) {
    return `${at}: expected database ${String(spec['databaseName'])}, got ${describeCommandEvent(actual)}`;
  }
  if (spec['hasServiceId'] !== undefined && spec['hasServiceId'] !== actual.hasServiceId)
    return `${at}: hasServiceId mismatch`;
  if (
    spec['hasServerConnectionId'] !== undefined &&
    spec['hasServerConnectionId'] !== actual.hasServerConnectionId
  ) {
    return `${at}: hasServerConnectionId mismatch`;
  }
  for (const field of ['command', 'reply'] as const) {
    if (spec[field] === undefined) continue;
    const value = field === 'command' ? allowDriverDifferences(spec[field], actual[field]) : actual[field];
    const m = matchValue(spec[field], value, { root: true, entities, path: field });
    if (m) return `${at} ${describeCommandEvent(actual)}: ${m.path}: ${m.message}`;
  }
  return undefined;
}

function matchCmapEvent(expected: SpecDoc, actual: CmapEventRecord, at: string): string | undefined {
  const [type, spec] = Object.entries(expected)[0] as [string, SpecDoc];
  if (type !== actual.type) return `${at}: expected ${type}, got ${actual.type}`;
  if (spec['reason'] !== undefined && spec['reason'] !== actual.reason)
    return `${at}: expected reason ${String(spec['reason'])}, got ${String(actual.reason)}`;
  return undefined;
}

/**
 * Checks one `expectEvents` entry against the events a client recorded. Events must match in
 * order; the counts must be equal unless `ignoreExtraEvents` allows trailing extra events.
 *
 * @example
 * checkExpectedEvents({ client: 'c', events: [{ commandStartedEvent: { commandName: 'find' } }] }, recorded, entities);
 */
export function checkExpectedEvents(
  expected: SpecExpectedEvents,
  recorded: { command: readonly CommandEventRecord[]; cmap: readonly CmapEventRecord[] },
  entities: MatchEntities,
): string | undefined {
  const eventType = expected.eventType ?? 'command';
  if (eventType === 'sdam') return undefined;
  const actual = eventType === 'cmap' ? recorded.cmap : recorded.command;
  const count = expected.events.length;
  const summary = (): string =>
    eventType === 'cmap'
      ? (actual as CmapEventRecord[]).map((e) => e.type).join(', ')
      : (actual as CommandEventRecord[]).map(describeCommandEvent).join(', ');
  if (expected.ignoreExtraEvents ? actual.length < count : actual.length !== count) {
    return `client ${expected.client}: expected ${count} ${eventType} events, got ${actual.length}: [${summary()}]`;
  }
  for (let i = 0; i < count; i++) {
    const at = `client ${expected.client} event ${i}`;
    const problem =
      eventType === 'cmap'
        ? matchCmapEvent(expected.events[i]!, actual[i] as CmapEventRecord, at)
        : matchCommandEvent(expected.events[i]!, actual[i] as CommandEventRecord, entities, at);
    if (problem) return problem;
  }
  return undefined;
}
