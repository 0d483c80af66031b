import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '../../src/cli/run.js';
import { freshDbName, uriFor } from '../helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/cli-models.ts', import.meta.url));
const reportsFixture = fileURLToPath(new URL('./fixtures/cli-reports.ts', import.meta.url));
const brokenFixture = fileURLToPath(new URL('./fixtures/cli-broken.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dbName = freshDbName('cli');
const uri = uriFor(dbName);
let client: MongoClient;

/** Runs the CLI in-process with captured output. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    cwd: process.cwd(),
    env: {},
  };
  const code = await run(argv, io);
  return { code, out, err };
}

async function indexNames(collection: string): Promise<string[]> {
  const list = await client.db(dbName).collection(collection).listIndexes().toArray();
  return list.map((i) => String(i['name'])).sort();
}

beforeAll(async () => {
  client = await MongoClient.connect(uri);
});
afterAll(async () => {
  await client.close();
});

describe('mongoengine-ts indexes', () => {
  it('check reports the declared indexes as missing on a fresh database (exit 1)', async () => {
    const { code, out, err } = await cli('indexes', 'check', fixture, '--uri', uri);
    expect(err).toBe('');
    expect(code).toBe(1);
    expect(out).toContain(`${dbName}.cli_users [default] — CliUser`);
    expect(out).toMatch(/missing +\{ age: -1 \}/);
    expect(out).toMatch(/missing +\{ email: 1 \} \{"unique":true,"sparse":false\}/);
    expect(out).toMatch(/missing +\{ rank: -1 \} \(rank_desc\)/);
    expect(out).toContain('2 out of sync (5 missing, 0 extra)');
  });

  it('sync --dry-run prints the plan and changes nothing', async () => {
    const { code, out } = await cli('indexes', 'sync', fixture, '--uri', uri, '--dry-run');
    expect(code).toBe(0);
    expect(out).toContain(`would create ${dbName}.cli_users { age: -1 }`);
    expect(await client.db(dbName).listCollections().toArray()).toEqual([]);
  });

  it('sync creates the missing indexes (exit 0), then check is clean (exit 0)', async () => {
    const synced = await cli('indexes', 'sync', fixture, '--uri', uri);
    expect(synced.code).toBe(0);
    expect(synced.out).toContain(`created ${dbName}.cli_posts { body: "text" }`);
    expect(await indexNames('cli_users')).toEqual(['_id_', 'age_-1', 'email_1', 'name_1_age_1']);
    expect(await indexNames('cli_posts')).toEqual(['_id_', 'body_text', 'rank_desc']);
    const unique = (await client.db(dbName).collection('cli_users').listIndexes().toArray()).find(
      (i) => i['name'] === 'email_1',
    );
    expect(unique?.['unique']).toBe(true);

    const checked = await cli('indexes', 'check', fixture, '--uri', uri);
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/ok +\{ body: "text" \} \(body_text\)/);
    expect(checked.out).toContain('all indexes in sync');
  });

  it('reports an undeclared index as extra and drops it only with --drop-extra', async () => {
    await client.db(dbName).collection('cli_users').createIndex({ legacy: 1 });
    const checked = await cli('indexes', 'check', fixture, '--uri', uri);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/extra +\{ legacy: 1 \} \(legacy_1\)/);

    const kept = await cli('indexes', 'sync', fixture, '--uri', uri);
    expect(kept.code).toBe(0);
    expect(kept.out).toContain('1 extra index(es) kept');
    expect(await indexNames('cli_users')).toContain('legacy_1');

    const dry = await cli('indexes', 'sync', fixture, '--uri', uri, '--drop-extra', '--dry-run');
    expect(dry.out).toContain(`would drop ${dbName}.cli_users { legacy: 1 } (legacy_1)`);
    expect(await indexNames('cli_users')).toContain('legacy_1');

    const dropped = await cli('indexes', 'sync', fixture, '--uri', uri, '--drop-extra');
    expect(dropped.code).toBe(0);
    expect(dropped.out).toContain(`dropped ${dbName}.cli_users { legacy: 1 } (legacy_1)`);
    expect(await indexNames('cli_users')).not.toContain('legacy_1');
    expect((await cli('indexes', 'check', fixture, '--uri', uri)).code).toBe(0);
  });

  it('prints one JSON document with --json', async () => {
    const { code, out } = await cli('indexes', 'check', fixture, '--uri', uri, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      inSync: boolean;
      collections: {
        collection: string;
        classes: string[];
        missing: unknown[];
        matching: { name: string }[];
      }[];
    };
    expect(report.inSync).toBe(true);
    expect(report.collections.map((c) => c.collection)).toEqual(['cli_posts', 'cli_users']);
    expect(report.collections[1]!.matching.map((m) => m.name).sort()).toEqual([
      'age_-1',
      'email_1',
      'name_1_age_1',
    ]);
  });

  it('--alias keeps only the classes of that connection alias', async () => {
    const { code, err } = await cli('indexes', 'check', fixture, '--uri', uri, '--alias', 'reports');
    expect(code).toBe(2);
    expect(err).toContain("No document classes using the connection alias 'reports'");
  });

  it.each([
    [[], 'No command given.'],
    [['indexes'], "'indexes' needs 'check' or 'sync'."],
    [['index', 'check', 'x.js'], "Unknown command 'index'."],
    [['indexes', 'check'], 'No module given'],
    [['indexes', 'check', 'x.js', '--frob'], "Unknown option '--frob'"],
    [
      ['indexes', 'check', 'x.js', '--drop-extra'],
      '--drop-extra and --dry-run apply to `indexes sync` only.',
    ],
    [['indexes', 'check', 'x.js', '--uri', 'http://example.com'], "Invalid MongoDB URI 'http://example.com'"],
    [['indexes', 'check', 'x.js', '--timeout', 'soon'], '--timeout must be a positive number'],
    [
      ['indexes', 'check', 'does-not-exist.js', '--uri', 'mongodb://127.0.0.1/x'],
      'Module not found: does-not-exist.js',
    ],
  ])('exits 2 with the usage text for %j', async (argv, message) => {
    const { code, out, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('Usage:');
  });

  it('connects each alias with --uri NAME=URI, and --alias narrows the check to one alias', async () => {
    const reportsDb = `${dbName}_reports`;
    const args = [
      'indexes',
      'check',
      fixture,
      reportsFixture,
      '--uri',
      uri,
      '--uri',
      `cli_reports=${uriFor(reportsDb)}`,
    ];
    const both = await cli(...args);
    expect(both.code).toBe(1);
    expect(both.out).toContain(`${reportsDb}.cli_reports [cli_reports] — CliDailyReport`);
    expect(both.out).toMatch(/missing +\{ day: -1 \}/);
    expect(both.out).toContain(`${dbName}.cli_users [default]`);

    const onlyReports = await cli(...args, '--alias', 'cli_reports', '--json');
    const report = JSON.parse(onlyReports.out) as { collections: { collection: string }[] };
    expect(report.collections.map((c) => c.collection)).toEqual(['cli_reports']);

    const missingUri = await cli('indexes', 'check', reportsFixture);
    expect(missingUri.code).toBe(2);
    expect(missingUri.err).toContain(
      "No server for the connection alias 'cli_reports': pass --uri cli_reports=URI",
    );
  });

  it('exits 3 when a module throws while loading', async () => {
    const { code, err } = await cli('indexes', 'check', brokenFixture, '--uri', uri);
    expect(code).toBe(3);
    expect(err).toContain('Could not load');
    expect(err).toContain('models failed to load');
  });

  it('exits 2 when no URI is given and MONGODB_URI is unset', async () => {
    const { code, err } = await cli('indexes', 'check', fixture);
    expect(code).toBe(2);
    expect(err).toContain("No server for the connection alias 'default': pass --uri URI or set MONGODB_URI.");
  });

  it('exits 3 when the server cannot be reached', async () => {
    const { code, err } = await cli(
      'indexes',
      'check',
      fixture,
      '--uri',
      'mongodb://127.0.0.1:1/x',
      '--timeout',
      '300',
    );
    expect(code).toBe(3);
    expect(err).toContain("Could not connect 'default' to mongodb://127.0.0.1:1/x");
    expect(err).not.toContain('Usage:');
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('mongoengine-ts indexes check <module...>');
  });

  it('runs as an executable under tsx', () => {
    // `node --import tsx` is what `npx tsx` runs, without npx's start-up cost.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'packages/odm/src/cli/main.ts', 'indexes', 'check', fixture, '--uri', uri],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, MONGODB_URI: '' }, timeout: 30_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('all indexes in sync');
  });
});
