import type { Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import type { CompiledFilter } from '../match.js';

/** Per-application state shared by every node of one update. */
export interface ApplyState {
  /** The document as it was before the update (read by `$rename`, quoted in messages). */
  readonly doc: Doc;
  /** Upsert insert: `$setOnInsert` applies and `_id` may be set (unless {@link lockId}). */
  readonly isInsert: boolean;
  /** `_id` is immutable (always on update; on insert only when the query fixed it). */
  readonly lockId: boolean;
  /** The array index the query matched, for the positional `$`. */
  readonly positional: number | undefined;
  /** Compiled arrayFilters by identifier; each tests `{ <identifier>: element }`. */
  readonly filters: ReadonlyMap<string, CompiledFilter>;
  /** One clock reading per update, as MongoDB uses for every `$currentDate` of one update. */
  readonly now: Date;
  timestamp(): Timestamp;
}

/** Where a leaf is being applied. */
export interface LeafSite {
  /** The resolved dotted path (`a.0.b`: positional and array filters replaced by indexes). */
  readonly path: string;
  /** The last component of {@link path}. */
  readonly fieldName: string;
  /** Name of the innermost array among the ancestors, if the path goes through one. */
  readonly arrayField: string | undefined;
  readonly state: ApplyState;
}

/**
 * One update operator applied to one path (MongoDB's "modifier node"). It returns the new value,
 * `NOOP` when the value stays as is, or `REMOVE` to delete the field.
 */
export interface LeafOp {
  /** The operator as written (`$set`), for messages. */
  readonly op: string;
  /** The path as written in the update. */
  readonly path: string;
  /** Whether this op replaces values wholesale (changes the `_id` immutability message). */
  readonly setsValue: boolean;
  existing(value: unknown, site: LeafSite): unknown;
  /** The field does not exist but could be created here. */
  missing(site: LeafSite): unknown;
  /**
   * The field cannot exist because an ancestor is a scalar or an array indexed by a name. Most
   * creating ops fail with PathNotViable; `$unset`, `$pull`, `$pullAll` are no-ops; `$pop` fails
   * unless the blocker is an array indexed by a number.
   */
  readonly nonViable?: 'error' | 'noop' | 'pop';
  /** The message when this op would change `_id` (default: MongoDB's "Performing an update…"). */
  immutableMessage?(path: string): string;
}
