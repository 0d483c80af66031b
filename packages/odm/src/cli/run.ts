import { connect, disconnect, getDb, listConnections } from '../connection/connection-registry.js';
import { formatCheck, formatSync } from './format-report.js';
import {
  applySyncAction,
  indexTargets,
  inspectTarget,
  planSync,
  type CollectionReport,
} from './index-report.js';
import { loadDocumentClasses } from './load-document-classes.js';
import { checkUri, parseCliArgs, type IndexesCommand } from './parse-cli-args.js';
import { EXIT_CODES, USAGE, UsageError, type ExitCode } from './usage.js';

/** Where the CLI writes, and the process facts it reads; the bin passes `process`'s. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Module paths are resolved against this directory. */
  readonly cwd: string;
  /** Read for `MONGODB_URI`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the `mongoengine-ts` CLI on the arguments after the program name and resolves to its
 * exit code (0 in sync, 1 differences, 2 usage error, 3 connection or runtime error). It never
 * calls `process.exit`, so it can run in-process; the connections it opens are closed before it
 * resolves.
 *
 * @example
 * const code = await run(['indexes', 'check', './dist/models.js', '--uri', 'mongodb://127.0.0.1/blog']);
 * // prints the matching / missing / extra indexes per collection; code is 0 or 1
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let command: IndexesCommand;
  try {
    const parsed = parseCliArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout.write(USAGE);
      return EXIT_CODES.ok;
    }
    command = parsed;
  } catch (error) {
    return fail(io, error);
  }
  const opened: string[] = [];
  try {
    const infos = await loadDocumentClasses(command.modules, io.cwd);
    const targets = indexTargets(infos, command.alias);
    if (targets.length === 0) {
      const scope = command.alias !== undefined ? ` using the connection alias '${command.alias}'` : '';
      throw new UsageError(
        `No document classes${scope} found in ${command.modules.join(', ')}: export the Document classes (abstract and embedded ones have no collection).`,
      );
    }
    for (const alias of new Set(targets.map((t) => t.alias))) {
      if (await ensureConnection(alias, command, io)) opened.push(alias);
    }
    const reports: CollectionReport[] = [];
    for (const target of targets) reports.push(await inspectTarget(getDb(target.alias), target));
    return command.kind === 'check' ? reportCheck(io, command, reports) : await doSync(io, command, reports);
  } catch (error) {
    return fail(io, error);
  } finally {
    for (const alias of opened) await disconnect(alias);
  }
}

/** Connects an alias the modules did not connect themselves; true when this call opened it. */
async function ensureConnection(alias: string, command: IndexesCommand, io: CliIo): Promise<boolean> {
  const explicit = command.aliasUris.get(alias) ?? command.uri;
  if (explicit === undefined && listConnections().includes(alias)) return false;
  const envUri = io.env['MONGODB_URI'];
  const uri = explicit ?? (envUri !== undefined && envUri !== '' ? checkUri(envUri) : undefined);
  if (uri === undefined) {
    const flag = alias === 'default' ? '--uri URI' : `--uri ${alias}=URI`;
    throw new UsageError(`No server for the connection alias '${alias}': pass ${flag} or set MONGODB_URI.`);
  }
  const already = listConnections().includes(alias);
  await connect(uri, {
    alias,
    ...(command.timeoutMs !== undefined ? { serverSelectionTimeoutMS: command.timeoutMs } : {}),
  });
  return !already;
}

function reportCheck(io: CliIo, command: IndexesCommand, reports: CollectionReport[]): ExitCode {
  const inSync = reports.every((r) => r.missing.length === 0 && r.extra.length === 0);
  io.stdout.write(
    command.json
      ? `${JSON.stringify({ command: 'check', inSync, collections: reports }, null, 2)}\n`
      : formatCheck(reports),
  );
  return inSync ? EXIT_CODES.ok : EXIT_CODES.differences;
}

async function doSync(io: CliIo, command: IndexesCommand, reports: CollectionReport[]): Promise<ExitCode> {
  const actions = reports.flatMap((r) => planSync(r, { dropExtra: command.dropExtra }));
  if (!command.dryRun) {
    const dbOf = new Map(reports.map((r) => [`${r.alias}\0${r.collection}`, r.alias]));
    for (const action of actions)
      await applySyncAction(getDb(dbOf.get(`${action.alias}\0${action.collection}`)!), action);
  }
  io.stdout.write(
    command.json
      ? `${JSON.stringify({ command: 'sync', dryRun: command.dryRun, actions, collections: reports }, null, 2)}\n`
      : formatSync(actions, reports, command),
  );
  return EXIT_CODES.ok;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}

function fail(io: CliIo, error: unknown): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  // The driver rejects a malformed URI (bad host, unknown option) only when the client is built.
  const badUri = causes(error).some(
    (e) => e instanceof Error && (e.name === 'MongoParseError' || e.name === 'MongoInvalidArgumentError'),
  );
  if (error instanceof UsageError || badUri) {
    io.stderr.write(`mongoengine-ts: ${message}\n\n${USAGE}`);
    return EXIT_CODES.usage;
  }
  io.stderr.write(`mongoengine-ts: ${message}\n`);
  return EXIT_CODES.runtime;
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
