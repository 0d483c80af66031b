import type { CommandSpec } from '../types.js';
import { collModCommand } from './coll-mod.js';
import { collStatsCommand } from './coll-stats.js';
import { createCommand } from './create.js';
import { dbStatsCommand } from './db-stats.js';
import { dropDatabaseCommand } from './drop-database.js';
import { dropCommand } from './drop.js';
import { listCollectionsCommand } from './list-collections.js';
import { listDatabasesCommand } from './list-databases.js';
import { renameCollectionCommand } from './rename-collection.js';

/**
 * Collection and database catalog commands.
 *
 * @example
 * ```ts
 * commands.map((spec) => spec.name); // ['create', 'drop', …]
 * ```
 */
export const commands: CommandSpec[] = [
  createCommand,
  dropCommand,
  dropDatabaseCommand,
  renameCollectionCommand,
  collModCommand,
  listCollectionsCommand,
  listDatabasesCommand,
  dbStatsCommand,
  collStatsCommand,
];
