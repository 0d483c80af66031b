import { describe, expect, it } from 'vitest';
import type { CommandEventRecord } from '../../../conformance/client-entity.js';
import { checkExpectedEvents } from '../../../conformance/expect-events.js';
import type { MatchEntities } from '../../../conformance/matcher.js';

const entities: MatchEntities = { resolve: () => undefined, sessionLsid: () => undefined };

const started = (commandName: string, command: Record<string, unknown>): CommandEventRecord => ({
  type: 'commandStartedEvent',
  commandName,
  databaseName: 'db',
  command,
  hasServiceId: false,
  hasServerConnectionId: true,
});

const recorded = {
  command: [
    started('insert', { insert: 'c', documents: [{ _id: 1 }], ordered: true, lsid: {} }),
    started('find', { find: 'c', filter: {} }),
  ],
  cmap: [{ type: 'connectionCheckOutStartedEvent' }],
};

describe('checkExpectedEvents', () => {
  it('matches commands as root documents, in order', () => {
    const expected = {
      client: 'client0',
      events: [
        {
          commandStartedEvent: {
            command: { insert: 'c', documents: [{ _id: 1 }] },
            commandName: 'insert',
            databaseName: 'db',
          },
        },
        { commandStartedEvent: { command: { find: 'c' } } },
      ],
    };
    expect(checkExpectedEvents(expected, recorded, entities)).toBeUndefined();
  });

  it('reports a count mismatch unless extra events are ignored', () => {
    const expected = { client: 'client0', events: [{ commandStartedEvent: { commandName: 'insert' } }] };
    expect(checkExpectedEvents(expected, recorded, entities)).toContain('expected 1 command events, got 2');
    expect(checkExpectedEvents({ ...expected, ignoreExtraEvents: true }, recorded, entities)).toBeUndefined();
  });

  it('reports the first differing event and field', () => {
    const expected = {
      client: 'client0',
      events: [
        { commandStartedEvent: { command: { insert: 'c', documents: [{ _id: 2 }] } } },
        { commandStartedEvent: {} },
      ],
    };
    expect(checkExpectedEvents(expected, recorded, entities)).toContain(
      'command.documents.0._id: expected 2, got 1',
    );
    const wrongType = {
      client: 'client0',
      events: [{ commandSucceededEvent: {} }, { commandStartedEvent: {} }],
    };
    expect(checkExpectedEvents(wrongType, recorded, entities)).toContain('expected commandSucceededEvent');
  });

  it('checks connection-pool events by type', () => {
    const expected = {
      client: 'client0',
      eventType: 'cmap' as const,
      events: [{ connectionCheckOutStartedEvent: {} }],
    };
    expect(checkExpectedEvents(expected, recorded, entities)).toBeUndefined();
    const wrong = {
      client: 'client0',
      eventType: 'cmap' as const,
      events: [{ connectionCheckedOutEvent: {} }],
    };
    expect(checkExpectedEvents(wrong, recorded, entities)).toContain('expected connectionCheckedOutEvent');
  });
});
