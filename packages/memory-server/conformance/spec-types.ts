import type { RunOnRequirement } from './requirements.js';

/** A document as the spec files write it (after Extended JSON conversion). */
export type SpecDoc = Record<string, unknown>;

/** One operation of a test (`operations[]`, or a `withTransaction` callback step). */
export interface SpecOperation {
  name: string;
  object: string;
  arguments?: SpecDoc;
  expectResult?: unknown;
  expectError?: SpecDoc;
  saveResultAsEntity?: string;
  ignoreResultAndError?: boolean;
}

/** The `expectEvents` entry for one client. */
export interface SpecExpectedEvents {
  client: string;
  eventType?: 'command' | 'cmap' | 'sdam';
  events: SpecDoc[];
  ignoreExtraEvents?: boolean;
}

/** One collection's contents, for `initialData` and `outcome`. */
export interface SpecCollectionData {
  collectionName: string;
  databaseName: string;
  documents: SpecDoc[];
  createOptions?: SpecDoc;
}

/** One test of a spec file. */
export interface SpecTest {
  description: string;
  runOnRequirements?: RunOnRequirement[];
  skipReason?: string;
  operations: SpecOperation[];
  expectEvents?: SpecExpectedEvents[];
  outcome?: SpecCollectionData[];
}

/** A unified-format spec file. */
export interface SpecFile {
  description: string;
  schemaVersion: string;
  runOnRequirements?: RunOnRequirement[];
  createEntities?: SpecDoc[];
  initialData?: SpecCollectionData[];
  tests: SpecTest[];
}

/** A spec file with where it came from. */
export interface LoadedSpecFile {
  area: string;
  /** File name relative to the area folder. */
  fileName: string;
  spec: SpecFile;
}
