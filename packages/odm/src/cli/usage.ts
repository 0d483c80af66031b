/** The exit codes of the `mongoengine-ts` CLI, for CI scripts. */
export const EXIT_CODES = {
  /** In sync (`check`), or every planned change applied (`sync`). */
  ok: 0,
  /** `check` found missing or extra indexes. */
  differences: 1,
  /** Bad arguments: unknown command or option, no module, a bad URI, a module that does not exist. */
  usage: 2,
  /** The server could not be reached, a module failed to load, or a command failed. */
  runtime: 3,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The CLI's help text.
 *
 * @example
 * process.stdout.write(USAGE);
 */
export const USAGE = `Usage:
  mongoengine-ts indexes check <module...> [--uri URI] [--alias NAME] [--timeout MS] [--json]
  mongoengine-ts indexes sync  <module...> [--uri URI] [--alias NAME] [--timeout MS]
                                           [--drop-extra] [--dry-run] [--json]

Loads each module (a JS file, or a TS file when run under tsx), collects the Document classes it
exports (and any it registers), and compares the indexes their meta declares with the server's.

Options:
  --uri URI        Server to use; repeat as --uri NAME=URI for a connection alias other than the
                   default. Falls back to MONGODB_URI. Aliases the modules connect themselves are
                   used as they are.
  --alias NAME     Only the classes stored through this connection alias.
  --timeout MS     Server selection timeout in milliseconds (default 5000).
  --drop-extra     sync: also drop indexes that no class declares.
  --dry-run        sync: print the plan, change nothing.
  --json           Print one JSON document instead of text.
  -h, --help       Show this help.

Exit codes: 0 in sync / synced, 1 differences found (check), 2 usage error, 3 connection or
runtime error.
`;

/**
 * A problem with the command line; the CLI prints the message and the usage text and exits 2.
 *
 * @example
 * throw new UsageError('No module given.');
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
