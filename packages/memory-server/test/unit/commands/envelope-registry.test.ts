import { describe, expect, it } from 'vitest';
import { CommandRegistry, createDefaultRegistry } from '../../../src/commands/registry.js';
import type { CommandSpec } from '../../../src/commands/types.js';

const spec = (name: string, aliases?: string[]): CommandSpec => ({
  name,
  ...(aliases ? { aliases } : {}),
  handler: () => ({}),
});

describe('CommandRegistry', () => {
  it('looks names up exactly, then case-insensitively', () => {
    const hello = spec('hello', ['isMaster', 'ismaster']);
    const registry = new CommandRegistry([hello, spec('findAndModify')]);
    expect(registry.lookup('isMaster')).toBe(hello);
    expect(registry.lookup('ISMASTER')).toBe(hello);
    expect(registry.lookup('findandmodify')?.name).toBe('findAndModify');
    expect(registry.lookup('nope')).toBeUndefined();
    expect(registry.specs()).toHaveLength(2);
  });

  it('refuses two commands with one name', () => {
    expect(() => new CommandRegistry([spec('ping'), spec('ping')])).toThrow(/registered twice/);
  });

  it('builds the real registry of every group without collisions', () => {
    const registry = createDefaultRegistry();
    for (const name of ['hello', 'ping', 'commitTransaction', 'endSessions', 'configureFailPoint']) {
      expect(registry.lookup(name)?.name).toBe(name);
    }
  });
});
