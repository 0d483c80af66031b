/** Parsed command line of `npm run conformance`. */
export interface CliOptions {
  /** Areas to run (all when empty). */
  areas: string[];
  grep?: string;
  specDir?: string;
  /** Run against this server instead of starting a memory server. */
  uri?: string;
  verbose: boolean;
  json: boolean;
  enforce: boolean;
  timeoutMs: number;
  /** Time budget of the whole run, in milliseconds. */
  budgetMs: number;
}

/**
 * Parses the runner's arguments: positional area names, `--grep text`, `--spec-dir dir`,
 * `--uri uri`, `--timeout ms` (per test), `--budget ms` (whole run), and the flags `--verbose`, `--json`, `--enforce`.
 *
 * @example
 * parseCliArgs(['crud', '--grep', 'upsert', '--json']); // { areas: ['crud'], grep: 'upsert', json: true, … }
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    areas: [],
    verbose: false,
    json: false,
    enforce: false,
    timeoutMs: 10_000,
    budgetMs: 170_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--verbose':
      case '-v':
        options.verbose = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--enforce':
        options.enforce = true;
        break;
      case '--grep':
        options.grep = value();
        break;
      case '--spec-dir':
        options.specDir = value();
        break;
      case '--uri':
        options.uri = value();
        break;
      case '--budget': {
        const ms = Number(value());
        if (!Number.isFinite(ms) || ms <= 0)
          throw new Error('--budget needs a positive number of milliseconds');
        options.budgetMs = ms;
        break;
      }
      case '--timeout': {
        const ms = Number(value());
        if (!Number.isFinite(ms) || ms <= 0)
          throw new Error('--timeout needs a positive number of milliseconds');
        options.timeoutMs = ms;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
        options.areas.push(arg);
    }
  }
  return options;
}
