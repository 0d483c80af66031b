/**
 * Conformance runner: runs MongoDB's driver spec tests (unified test format) through the
 * official driver against the memory server and reports passed / failed / skipped per area.
 *
 * Usage: `npm run conformance -- [area…] [--grep text] [--spec-dir dir] [--uri uri]
 * [--timeout ms] [--budget ms] [--verbose] [--json] [--enforce]`
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { parseCliArgs } from './cli-args.js';
import { areasBelowTarget, countByArea, formatReport } from './report.js';
import { readServerFacts } from './server-facts.js';
import { AREAS, loadSpecFiles } from './spec-loader.js';
import { runSpecFile } from './test-runner.js';
import type { TestResult } from './test-runner.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts the in-process memory server, or uses `--uri` / `MONGODB_URI` when given. */
async function startServer(uri: string | undefined): Promise<{ uri: string; stop(): Promise<void> }> {
  if (uri) return { uri, stop: async () => undefined };
  const { MemoryServer } = await import('../src/index.js');
  const server = await MemoryServer.start({ port: 0 });
  return { uri: server.uri, stop: () => server.stop() };
}

/** Errors that escaped to the process (e.g. from the in-process server); reported, not fatal. */
const escaped: string[] = [];

async function main(): Promise<number> {
  process.on('uncaughtException', (error) => escaped.push(error.stack ?? String(error)));
  process.on('unhandledRejection', (error) =>
    escaped.push(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  );
  const options = parseCliArgs(process.argv.slice(2));
  const unknown = options.areas.filter((a) => !(AREAS as readonly string[]).includes(a));
  if (unknown.length > 0)
    throw new Error(`unknown area(s) ${unknown.join(', ')}; areas are ${AREAS.join(', ')}`);
  const areas = options.areas.length > 0 ? options.areas : [...AREAS];
  const specDir = resolve(
    REPO_ROOT,
    options.specDir ?? process.env['SPEC_TESTS_DIR'] ?? '../shared/spec-tests',
  );
  const files = await loadSpecFiles(specDir, areas);
  if (files.length === 0) throw new Error(`no spec files for ${areas.join(', ')} under ${specDir}`);

  const server = await startServer(options.uri ?? process.env['MONGODB_URI']);
  const internal = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  const results: TestResult[] = [];
  const started = Date.now();
  try {
    await internal.connect();
    const facts = await readServerFacts(internal);
    const deadline = started + options.budgetMs;
    for (const file of files) {
      results.push(
        ...(await runSpecFile(file, {
          uri: server.uri,
          internal,
          facts,
          timeoutMs: options.timeoutMs,
          grep: options.grep,
          deadline,
        })),
      );
    }
  } finally {
    await internal.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
  }

  console.log(formatReport(results, areas, options.verbose));
  if (escaped.length > 0) {
    console.log(`\n${escaped.length} uncaught exception(s) during the run; first:\n${escaped[0]}`);
  }
  console.log(`\n${results.length} tests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const counts = countByArea(results, areas);
  const below = options.enforce ? areasBelowTarget(counts) : [];
  for (const [area, rate, target] of below) {
    console.log(
      `${area}: ${(rate * 100).toFixed(1)}% of runnable tests pass, below the ${(target * 100).toFixed(0)}% target`,
    );
  }
  // The JSON line comes last, so scripts can read the final line of the output.
  if (options.json) console.log(JSON.stringify(counts));
  return below.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
