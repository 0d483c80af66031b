import type { CommandSpec } from '../types.js';
import { createIndexesCommand } from './create-indexes.js';
import { createSearchIndexesCommand } from './create-search-indexes.js';
import { dropIndexesCommand } from './drop-indexes.js';
import { dropSearchIndexCommand } from './drop-search-index.js';
import { listIndexesCommand } from './list-indexes.js';
import { updateSearchIndexCommand } from './update-search-index.js';

/**
 * Index commands (Atlas Search ones answer SearchNotEnabled, as a self-managed mongod does).
 *
 * @example
 * ```ts
 * commands.map((spec) => spec.name); // ['createIndexes', 'listIndexes', …]
 * ```
 */
export const commands: CommandSpec[] = [
  createIndexesCommand,
  listIndexesCommand,
  dropIndexesCommand,
  createSearchIndexesCommand,
  updateSearchIndexCommand,
  dropSearchIndexCommand,
];
