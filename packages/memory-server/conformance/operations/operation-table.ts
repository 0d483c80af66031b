import { collectionOperations } from './collection-operations.js';
import { crudOperations } from './crud-operations.js';
import { gridfsOperations } from './gridfs-operations.js';
import { runnerOperations } from './runner-operations.js';
import { sessionOperations } from './session-operations.js';
import type { OperationHandler } from './operation-types.js';

/** What the `object` of an operation resolved to. */
export type TargetKind = 'client' | 'database' | 'collection' | 'session' | 'bucket' | 'value' | 'testRunner';

const TABLES: Record<TargetKind, Record<string, OperationHandler>> = {
  client: { ...crudOperations, ...collectionOperations },
  database: { ...crudOperations, ...collectionOperations },
  collection: { ...crudOperations, ...collectionOperations },
  session: sessionOperations,
  bucket: gridfsOperations,
  value: crudOperations,
  testRunner: runnerOperations,
};

const ALL_NAMES = new Set(Object.values(TABLES).flatMap((table) => Object.keys(table)));

/**
 * The handler of an operation on a target of the given kind, if the runner has one.
 *
 * @example
 * handlerFor('bucket', 'upload'); // the GridFS upload handler
 */
export function handlerFor(kind: TargetKind, name: string): OperationHandler | undefined {
  const table = TABLES[kind];
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/**
 * Whether any target kind has a handler for the operation name (checked before a test runs, so
 * a test with an unsupported operation is skipped rather than half-run).
 *
 * @example
 * isSupportedOperation('loop'); // false
 */
export function isSupportedOperation(name: string): boolean {
  return ALL_NAMES.has(name);
}
