import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';

/** How often a fail point fires: MongoDB's `mode` argument. */
export type FailPointMode =
  | { readonly kind: 'off' }
  | { readonly kind: 'alwaysOn' }
  | { kind: 'times'; remaining: number }
  | { kind: 'skip'; toSkip: number };

/** The `data` of a `failCommand` fail point, validated. */
export interface FailCommandData {
  readonly failCommands: readonly string[];
  readonly errorCode?: number;
  readonly errorLabels?: readonly string[];
  readonly closeConnection: boolean;
  readonly writeConcernError?: Doc;
  readonly blockConnection: boolean;
  readonly blockTimeMS: number;
  readonly appName?: string;
}

interface FailPointEntry {
  mode: FailPointMode;
  data: FailCommandData;
  timesEntered: number;
}

/**
 * The fail points of one server. Only `failCommand` exists; it fires for the commands it lists
 * (and, with `appName`, only on connections whose handshake named that application).
 *
 * @example
 * ```ts
 * failPoints.configure('failCommand', { times: 1 }, { failCommands: ['insert'], errorCode: 91 });
 * failPoints.matchFailCommand(['insert'], 'myApp'); // the data, once; then undefined
 * ```
 */
export class FailPointTable {
  private failCommand: FailPointEntry | undefined;

  /** Sets (or with mode `off`, clears) a fail point. Returns how often the previous setting fired. */
  configure(name: string, mode: unknown, data: unknown): number {
    if (name !== 'failCommand') {
      throw new ServerError('BadValue', `Unknown fail point: ${name}`);
    }
    const previous = this.failCommand?.timesEntered ?? 0;
    const parsedMode = parseMode(mode);
    if (parsedMode.kind === 'off') {
      this.failCommand = undefined;
      return previous;
    }
    this.failCommand = { mode: parsedMode, data: parseFailCommandData(data), timesEntered: 0 };
    return previous;
  }

  /** Removes every fail point. */
  clear(): void {
    this.failCommand = undefined;
  }

  /**
   * Returns the `failCommand` data when it fires for a command known by any of `names` on a
   * connection with `appName`, consuming one activation.
   */
  matchFailCommand(names: readonly string[], appName: string | undefined): FailCommandData | undefined {
    const entry = this.failCommand;
    if (entry === undefined) return undefined;
    if (!names.some((n) => entry.data.failCommands.includes(n))) return undefined;
    if (entry.data.appName !== undefined && entry.data.appName !== appName) return undefined;
    const mode = entry.mode;
    if (mode.kind === 'skip') {
      if (mode.toSkip > 0) {
        mode.toSkip -= 1;
        return undefined;
      }
    } else if (mode.kind === 'times') {
      if (mode.remaining <= 0) return undefined;
      mode.remaining -= 1;
      if (mode.remaining === 0) this.failCommand = undefined;
    }
    entry.timesEntered += 1;
    return entry.data;
  }
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'valueOf' in value) {
    const n = Number((value as { valueOf(): unknown }).valueOf());
    if (!Number.isNaN(n)) return n;
  }
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function parseMode(mode: unknown): FailPointMode {
  if (mode === 'off') return { kind: 'off' };
  if (mode === 'alwaysOn') return { kind: 'alwaysOn' };
  if (mode !== null && typeof mode === 'object') {
    const m = mode as Doc;
    const times = toInt(m['times']);
    if (times !== undefined) {
      if (times < 0) throw new ServerError('BadValue', "'times' option to 'mode' must be positive");
      return times === 0 ? { kind: 'off' } : { kind: 'times', remaining: times };
    }
    const skip = toInt(m['skip']);
    if (skip !== undefined) {
      if (skip < 0) throw new ServerError('BadValue', "'skip' option to 'mode' must be positive");
      return { kind: 'skip', toSkip: skip };
    }
  }
  throw new ServerError('BadValue', "'mode' must be 'off', 'alwaysOn', { times: n } or { skip: n }");
}

function parseFailCommandData(data: unknown): FailCommandData {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ServerError('BadValue', "failCommand requires a 'data' document");
  }
  const d = data as Doc;
  const list = d['failCommands'];
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    throw new ServerError('BadValue', "failCommand 'data.failCommands' must be an array of command names");
  }
  const labels = d['errorLabels'];
  if (labels !== undefined && (!Array.isArray(labels) || !labels.every((x) => typeof x === 'string'))) {
    throw new ServerError('BadValue', "'errorLabels' must be an array of strings");
  }
  const wce = d['writeConcernError'];
  const errorCode = toInt(d['errorCode']);
  const appName = d['appName'];
  return {
    failCommands: list as string[],
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(labels !== undefined ? { errorLabels: labels as string[] } : {}),
    closeConnection: d['closeConnection'] === true,
    ...(wce !== null && typeof wce === 'object' ? { writeConcernError: wce as Doc } : {}),
    blockConnection: d['blockConnection'] === true,
    blockTimeMS: toInt(d['blockTimeMS']) ?? 0,
    ...(typeof appName === 'string' ? { appName } : {}),
  };
}
