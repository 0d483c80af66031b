import { parseArgs } from 'node:util';
import { UsageError } from './usage.js';

/** A parsed `mongoengine-ts indexes …` command line. */
export interface IndexesCommand {
  readonly kind: 'check' | 'sync';
  /** Module paths as given (resolved against the working directory when loaded). */
  readonly modules: readonly string[];
  /** URI for aliases without their own `--uri NAME=URI` (undefined: MONGODB_URI or none). */
  readonly uri: string | undefined;
  /** `--uri NAME=URI` entries. */
  readonly aliasUris: ReadonlyMap<string, string>;
  readonly alias: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly json: boolean;
  readonly dropExtra: boolean;
  readonly dryRun: boolean;
}

/** What the command line asks for. */
export type CliCommand = { readonly kind: 'help' } | IndexesCommand;

const URI_SCHEME = /^mongodb(\+srv)?:\/\//;
const ALIAS_URI = /^([A-Za-z0-9_.-]+)=(.+)$/;

/**
 * Parses the arguments after the program name with `util.parseArgs`.
 *
 * @throws {UsageError} for an unknown command or option, a missing module, or a bad value.
 * @example
 * parseCliArgs(['indexes', 'check', './models.js', '--json']);
 * // { kind: 'check', modules: ['./models.js'], json: true, … }
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const [group, action, ...modules] = positionals;
  if (group === undefined) throw new UsageError('No command given.');
  if (group !== 'indexes') throw new UsageError(`Unknown command '${group}'.`);
  if (action !== 'check' && action !== 'sync') {
    throw new UsageError(
      action === undefined ? "'indexes' needs 'check' or 'sync'." : `Unknown command 'indexes ${action}'.`,
    );
  }
  if (modules.length === 0)
    throw new UsageError(`No module given: name the module(s) that export your document classes.`);
  if (action === 'check' && (values['drop-extra'] === true || values['dry-run'] === true)) {
    throw new UsageError('--drop-extra and --dry-run apply to `indexes sync` only.');
  }
  let uri: string | undefined;
  const aliasUris = new Map<string, string>();
  for (const entry of values.uri ?? []) {
    const named = URI_SCHEME.test(entry) ? null : ALIAS_URI.exec(entry);
    if (named) aliasUris.set(named[1]!, checkUri(named[2]!));
    else if (uri !== undefined) throw new UsageError('Give one --uri without a NAME= prefix at most.');
    else uri = checkUri(entry);
  }
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    if (!/^\d+$/.test(values.timeout) || Number(values.timeout) === 0) {
      throw new UsageError(`--timeout must be a positive number of milliseconds, got '${values.timeout}'.`);
    }
    timeoutMs = Number(values.timeout);
  }
  return {
    kind: action,
    modules,
    uri,
    aliasUris,
    alias: values.alias,
    timeoutMs,
    json: values.json === true,
    dropExtra: values['drop-extra'] === true,
    dryRun: values['dry-run'] === true,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      uri: { type: 'string', multiple: true },
      alias: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      'drop-extra': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Rejects what is clearly not a MongoDB URI (the driver's own parser checks the rest).
 *
 * @example
 * checkUri('mongodb://127.0.0.1:27017/blog'); // returned as is
 */
export function checkUri(uri: string): string {
  if (!URI_SCHEME.test(uri)) {
    throw new UsageError(
      `Invalid MongoDB URI '${uri}': expected 'mongodb://host[:port]/db' or 'mongodb+srv://…'.`,
    );
  }
  return uri;
}
