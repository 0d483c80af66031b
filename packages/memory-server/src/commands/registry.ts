import { commands as adminCommands } from './admin/index.js';
import { commands as collectionCommands } from './collections/index.js';
import { commands as crudCommands } from './crud/index.js';
import { commands as indexCommands } from './indexes/index.js';
import { commands as sessionCommands } from './sessions/index.js';
import type { CommandSpec } from './types.js';

/**
 * Command name → spec. Lookup is exact first, then case-insensitive, which is how MongoDB's
 * lower-case aliases (`ismaster`, `buildinfo`, `findandmodify`) reach their command.
 *
 * @example
 * ```ts
 * const registry = new CommandRegistry([ping, hello]);
 * registry.lookup('isMaster')?.name; // 'hello'
 * ```
 */
export class CommandRegistry {
  private readonly exact = new Map<string, CommandSpec>();
  private readonly folded = new Map<string, CommandSpec>();

  constructor(specs: Iterable<CommandSpec>) {
    for (const spec of specs) {
      for (const name of [spec.name, ...(spec.aliases ?? [])]) {
        const existing = this.exact.get(name);
        if (existing !== undefined && existing !== spec) {
          throw new Error(`command '${name}' is registered twice`);
        }
        this.exact.set(name, spec);
        if (!this.folded.has(name.toLowerCase())) this.folded.set(name.toLowerCase(), spec);
      }
    }
  }

  /** The spec for a command document's first key, or undefined. */
  lookup(name: string): CommandSpec | undefined {
    return this.exact.get(name) ?? this.folded.get(name.toLowerCase());
  }

  /** Every registered spec, once each. */
  specs(): CommandSpec[] {
    return [...new Set(this.exact.values())];
  }
}

/**
 * The registry of every command group.
 *
 * @example
 * ```ts
 * const registry = createDefaultRegistry();
 * registry.lookup('insert');
 * ```
 */
export function createDefaultRegistry(): CommandRegistry {
  return new CommandRegistry([
    ...adminCommands,
    ...sessionCommands,
    ...crudCommands,
    ...collectionCommands,
    ...indexCommands,
  ]);
}
