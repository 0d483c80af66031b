import type { CommandSpec } from '../types.js';
import { aggregateCommand } from './aggregate.js';
import { countCommand } from './count.js';
import { deleteCommand } from './delete.js';
import { distinctCommand } from './distinct.js';
import { explainCommand } from './explain.js';
import { findAndModifyCommand } from './find-and-modify.js';
import { findCommand } from './find.js';
import { getMoreCommand } from './get-more.js';
import { insertCommand } from './insert.js';
import { killCursorsCommand } from './kill-cursors.js';
import { updateCommand } from './update.js';

/**
 * The CRUD, cursor, aggregation and explain commands.
 *
 * @example
 * ```ts
 * commands.map((spec) => spec.name); // ['insert', 'find', 'getMore', …]
 * ```
 */
export const commands: CommandSpec[] = [
  insertCommand,
  findCommand,
  getMoreCommand,
  killCursorsCommand,
  updateCommand,
  deleteCommand,
  findAndModifyCommand,
  countCommand,
  distinctCommand,
  aggregateCommand,
  explainCommand,
];
