import { describe, expect, it } from 'vitest';
import { FailPointTable } from '../../../../src/commands/admin/fail-points.js';

describe('FailPointTable', () => {
  it('fires { times: n } n times for listed commands only', () => {
    const table = new FailPointTable();
    table.configure('failCommand', { times: 2 }, { failCommands: ['insert'], errorCode: 91 });
    expect(table.matchFailCommand(['find'], undefined)).toBeUndefined();
    expect(table.matchFailCommand(['insert'], undefined)?.errorCode).toBe(91);
    expect(table.matchFailCommand(['insert'], undefined)?.errorCode).toBe(91);
    expect(table.matchFailCommand(['insert'], undefined)).toBeUndefined();
  });

  it('reports how often the previous setting fired and turns off', () => {
    const table = new FailPointTable();
    table.configure('failCommand', 'alwaysOn', { failCommands: ['ping'] });
    table.matchFailCommand(['ping'], undefined);
    table.matchFailCommand(['ping'], undefined);
    expect(table.configure('failCommand', 'off', undefined)).toBe(2);
    expect(table.matchFailCommand(['ping'], undefined)).toBeUndefined();
  });

  it('validates data', () => {
    const table = new FailPointTable();
    expect(() => table.configure('failCommand', 'alwaysOn', {})).toThrow(/failCommands/);
    expect(() => table.configure('failCommand', { times: -1 }, { failCommands: [] })).toThrow(/positive/);
    expect(() => table.configure('failCommand', 'alwaysOn', { failCommands: [], errorLabels: 'x' })).toThrow(
      /errorLabels/,
    );
  });
});
