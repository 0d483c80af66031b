import type { FieldContext } from '../fields/tracked.js';
import { ChangedPaths } from './changed-paths.js';

/** Symbol under which every document instance keeps its internal state (never a field name). */
export const STATE = Symbol('mongoengine.document');

/** Internal state of a document instance. */
export interface DocState {
  /** Attribute name → JS value (declared fields). */
  readonly data: Record<string, unknown>;
  /** Dynamic attributes, and unknown stored keys kept with `strict: false` (db key → value). */
  readonly extra: Record<string, unknown>;
  readonly changed: ChangedPaths;
  /** True until the document is first saved or when built by the user; false once loaded. */
  created: boolean;
  /** False while the constructor or a load fills the data (no change marking then). */
  initialised: boolean;
  /** Where an embedded document sits (its parent sink and path), if attached. */
  parent: FieldContext | undefined;
  /** Stored shard-key values at load / last save (db path → stored value), for the update filter. */
  shardKey: Record<string, unknown> | undefined;
  /** Set by `doc.switchDb()` / `doc.switchCollection()`: where this instance is stored, over any context switch. */
  target: InstanceTarget | undefined;
}

/** A per-instance alias and/or collection override. */
export interface InstanceTarget {
  readonly alias?: string | undefined;
  readonly collection?: string | undefined;
}

/**
 * A fresh state object.
 *
 * @example
 * const s = newState(); s.created; // true
 */
export function newState(): DocState {
  return {
    data: {},
    extra: {},
    changed: new ChangedPaths(),
    created: true,
    initialised: false,
    parent: undefined,
    shardKey: undefined,
    target: undefined,
  };
}
