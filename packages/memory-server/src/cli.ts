#!/usr/bin/env -S npx tsx
/**
 * Command-line entry: runs a memory server in the foreground.
 *
 * @example
 * ```sh
 * npm run memory-server -- --port 27017
 * # mongodb://127.0.0.1:27017/
 * ```
 */
import { parseArgs } from 'node:util';
import type { MemoryServer } from './server/memory-server.js';

const USAGE = `Usage: memory-server [--port <n>] [--help]

Runs an in-memory MongoDB-compatible server on 127.0.0.1 (a one-member replica set "rs0").
The first line printed on stdout is the connection URI. Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port <n>   TCP port to listen on; 0 picks a free port (default: 27017)
  -h, --help   Show this help
`;

/** Exit code for bad command-line arguments (as most Unix tools use). */
const EXIT_USAGE = 2;

function fail(message: string): never {
  process.stderr.write(`memory-server: ${message}\n\n${USAGE}`);
  process.exit(EXIT_USAGE);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 27017;
  if (!/^\d+$/.test(value)) fail(`--port must be an integer between 0 and 65535, got '${value}'`);
  const port = Number(value);
  if (port > 65535) fail(`--port must be an integer between 0 and 65535, got '${value}'`);
  return port;
}

async function main(): Promise<void> {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const port = parsePort(values.port);
  // Loaded only now, so --help and argument errors never pay for (or depend on) the server modules.
  const { MemoryServer: Server } = await import('./server/memory-server.js');
  let server: MemoryServer;
  try {
    server = await Server.start({ port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${port} is already in use (try --port 0)` : (error as Error).message;
    process.stderr.write(`memory-server: cannot start: ${reason}\n`);
    process.exit(1);
  }
  process.stdout.write(`${server.uri}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
