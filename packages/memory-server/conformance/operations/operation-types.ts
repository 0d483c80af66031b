import type { MongoClient } from 'mongodb';
import type { EntityMap } from '../entity-map.js';
import type { SpecDoc, SpecOperation } from '../spec-types.js';

/** What an operation handler can reach besides its target and arguments. */
export interface OperationContext {
  entities: EntityMap;
  /** The runner's own client (set-up, fail points, assertions); never observed. */
  internal: MongoClient;
  /** Remembers a fail point so it is turned off after the test. */
  rememberFailPoint(name: string): void;
  /** Runs operations nested in another (a `withTransaction` callback); a driver error escapes unchanged. */
  runNested(operations: readonly SpecOperation[]): Promise<void>;
}

/**
 * Runs one named operation: `target` is the resolved `object` entity (undefined for
 * `testRunner`), `args` the spec arguments with `session` already resolved to a driver session.
 */
export type OperationHandler = (target: unknown, args: SpecDoc, ctx: OperationContext) => Promise<unknown>;

/**
 * Splits spec arguments into the named positional ones and the rest (the driver options).
 *
 * @example
 * splitArgs({ filter: {}, limit: 2 }, ['filter']); // [[{}], { limit: 2 }]
 */
export function splitArgs(args: SpecDoc, names: readonly string[]): [unknown[], Record<string, unknown>] {
  const rest: Record<string, unknown> = { ...args };
  const values = names.map((name) => {
    const value = rest[name];
    delete rest[name];
    return value;
  });
  return [values, rest];
}
