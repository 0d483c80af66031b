#!/usr/bin/env node
// Release check for the two published packages (`npm run check:pack`, see docs/packaging.md):
// builds them, packs them as `npm publish` would, checks the tarballs with
// @arethetypeswrong/cli, then installs both tarballs into a fresh ESM project and a fresh CommonJS
// project. In each project a small TypeScript program is type-checked against the packed
// declarations (strict, libraries checked too) and run: it starts a MemoryServer, connects the ODM,
// saves and queries a Document. The ESM project also runs the two executables (the memory server's
// and the ODM's `indexes sync` / `indexes check`). Exits 1 with the failing step on any problem.
//
// Usage: node scripts/check-pack.mjs [--no-build] [--keep]
//   --no-build  pack the existing dist/ folders (after `npm run build`)
//   --keep      keep the temporary folder and print its path
import { spawn, spawnSync } from 'node:child_process';
import console from 'node:console';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['packages/memory-server', 'packages/odm'];
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const ATTW = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'];

class CheckError extends Error {}

const { values: flags } = parseArgs({
  options: { 'no-build': { type: 'boolean' }, keep: { type: 'boolean' } },
  strict: true,
});

/** The environment for child npm runs: without the variables `npm run` sets for this repository. */
function childEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_workspaces?$)/i.test(name))
      delete env[name];
  }
  return env;
}

/** Runs a command to completion; throws a CheckError carrying its output if it fails. */
function run(step, command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv(),
    encoding: 'utf8',
    shell: process.platform === 'win32',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const expected = options.status ?? 0;
  if (result.error !== undefined || result.status !== expected) {
    const why = result.error?.message ?? `exit code ${result.status} (expected ${expected})`;
    throw new CheckError(`${step}: \`${[command, ...args].join(' ')}\` failed: ${why}\n${tail(output)}`);
  }
  return output;
}

function tail(text, lines = 60) {
  const all = text.split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`check:pack: ${name} … `);
  const result = await fn();
  process.stdout.write(`ok (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return result;
}

function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** tsconfig of a consumer project; libraries are checked too, so a broken packed .d.ts fails. */
function tsconfig(include) {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        noEmitOnError: true,
        outDir: 'out',
        rootDir: 'src',
        // The projects install no @types/node of their own; the repository's is used.
        typeRoots: [join(ROOT, 'node_modules/@types')],
        types: ['node'],
      },
      include,
    },
    null,
    2,
  )}\n`;
}

const MODELS_TS = `import { Document, IntField, StringField } from 'mongoengine-ts';

export class Item extends Document.define(
  {
    name: new StringField({ required: true }),
    qty: new IntField({ min: 0 }),
  },
  { collection: 'items', indexes: ['-qty'] },
) {}
`;

// The body shared by both projects: needs MemoryServer, connect, disconnectAll, Item, assert.
const EXERCISE = `  const server = await MemoryServer.start({ port: 0 });
  try {
    await connect(server.uri + 'packcheck');
    await new Item({ name: 'apple', qty: 3 }).save();
    await new Item({ name: 'pear', qty: 1 }).save();
    const found = await Item.objects({ qty__gte: 2 }).toArray();
    // Typed results: name is required, so a string (not string | undefined).
    const names: string[] = found.map((item) => item.name);
    assert.deepEqual(names, ['apple']);
    assert.equal(await Item.objects().count(), 2);
  } finally {
    await disconnectAll();
    await server.stop();
  }
`;

// Compiled but never called: fails type-checking if the packed types degrade to any.
const TYPE_PROBE = `export function typeProbe(): void {
  // @ts-expect-error qty is an IntField: a string is rejected by the constructor's type
  new Item({ name: 'x', qty: 'many' });
  // @ts-expect-error unknown lookup key
  Item.objects({ nosuchfield__gte: 1 });
}
`;

const ESM_MAIN_TS = `import assert from 'node:assert/strict';
import { MemoryServer } from '@mongoengine-ts/memory-server';
import { connect, disconnectAll } from 'mongoengine-ts';
import { Item } from './models.js';

for (const name of ['mongoengine-ts', '@mongoengine-ts/memory-server']) {
  assert.match(import.meta.resolve(name), /\\/dist\\/index\\.js$/, name + ' resolves to its ESM build');
}
${EXERCISE.replace(/^ {2}/gm, '')}
${TYPE_PROBE}
console.log('esm project: ok');
`;

const CJS_MAIN_CTS = `import assert = require('node:assert/strict');
import { MemoryServer } from '@mongoengine-ts/memory-server';
import { connect, disconnectAll, Document, IntField, StringField } from 'mongoengine-ts';

class Item extends Document.define(
  { name: new StringField({ required: true }), qty: new IntField({ min: 0 }) },
  { collection: 'items' },
) {}

for (const name of ['mongoengine-ts', '@mongoengine-ts/memory-server']) {
  assert.match(require.resolve(name), /[\\\\/]dist[\\\\/]index\\.cjs$/, name + ' resolves to its CommonJS build');
}

async function main(): Promise<void> {
${EXERCISE}}

${TYPE_PROBE}
main().then(
  () => console.log('cjs project: ok'),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;

function projectPackageJson(name, type, tarballs) {
  const dependencies = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.path}`]));
  return `${JSON.stringify({ name, private: true, ...(type ? { type } : {}), dependencies }, null, 2)}\n`;
}

/** Starts the installed memory-server executable and resolves with the URI it prints first. */
function startServerBin(cwd) {
  const bin = join(cwd, 'node_modules/.bin/mongoengine-memory-server');
  const child = spawn(bin, ['--port', '0'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('no URI printed within 15 s')), 15_000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(new CheckError(`memory-server executable: ${error.message}\n${err}`));
    };
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`exited early with code ${code}`)));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        if (!/^mongodb:\/\/127\.0\.0\.1:\d+\/$/.test(line))
          fail(new Error(`unexpected first line '${line}'`));
        else resolve({ uri: line, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

async function main() {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'mongoengine-ts-pack-'));
  try {
    if (!flags['no-build']) await step('build', () => run('build', NPM, ['run', 'build']));

    mkdirSync(join(dir, 'tarballs'));
    const tarballs = await step('pack', () => {
      const out = run('pack', NPM, [
        'pack',
        '--json',
        '--ignore-scripts',
        '--pack-destination',
        join(dir, 'tarballs'),
        ...PACKAGES.flatMap((p) => ['-w', p]),
      ]);
      return JSON.parse(out.slice(out.indexOf('['))).map((p) => {
        const files = p.files.map((f) => f.path);
        if (files.some((f) => f.startsWith('src/') || f.startsWith('test/'))) {
          throw new CheckError(`pack: ${p.name} ships sources or tests: ${files.join(', ')}`);
        }
        return { name: p.name, path: join(dir, 'tarballs', p.filename), files };
      });
    });

    for (const tarball of tarballs) {
      await step(`attw ${tarball.name}`, () =>
        run(`attw ${tarball.name}`, process.execPath, [ATTW, '--format', 'ascii', tarball.path]),
      );
    }

    const esm = join(dir, 'esm');
    writeFiles(esm, {
      'package.json': projectPackageJson('pack-check-esm', 'module', tarballs),
      'tsconfig.json': tsconfig(['src']),
      'src/models.ts': MODELS_TS,
      'src/main.ts': ESM_MAIN_TS,
    });
    const cjs = join(dir, 'cjs');
    writeFiles(cjs, {
      'package.json': projectPackageJson('pack-check-cjs', undefined, tarballs),
      'tsconfig.json': tsconfig(['src']),
      'src/main.cts': CJS_MAIN_CTS,
    });

    for (const [label, project] of [
      ['esm', esm],
      ['cjs', cjs],
    ]) {
      await step(`${label}: npm install`, () =>
        run(`${label}: npm install`, NPM, ['install', ...INSTALL_FLAGS], { cwd: project }),
      );
      await step(`${label}: tsc`, () =>
        run(`${label}: tsc`, process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project }),
      );
    }

    await step('esm: run', () => run('esm: run', process.execPath, ['out/main.js'], { cwd: esm }));
    // Without require(esm): the CommonJS builds must not load any ES module (stemmer is inlined).
    await step('cjs: run (require(esm) disabled)', () =>
      run('cjs: run', process.execPath, ['--no-experimental-require-module', 'out/main.cjs'], { cwd: cjs }),
    );

    await step('executables', async () => {
      const odm = join(esm, 'node_modules/.bin/mongoengine-ts');
      run('mongoengine-ts --help', odm, ['--help'], { cwd: esm });
      run(
        'mongoengine-memory-server --help',
        join(esm, 'node_modules/.bin/mongoengine-memory-server'),
        ['--help'],
        {
          cwd: esm,
        },
      );
      const server = await startServerBin(esm);
      try {
        const uri = `${server.uri}pack-cli`;
        run(
          'mongoengine-ts indexes check (before sync)',
          odm,
          ['indexes', 'check', 'out/models.js', '--uri', uri],
          {
            cwd: esm,
            status: 1,
          },
        );
        run('mongoengine-ts indexes sync', odm, ['indexes', 'sync', 'out/models.js', '--uri', uri], {
          cwd: esm,
        });
        run(
          'mongoengine-ts indexes check (after sync)',
          odm,
          ['indexes', 'check', 'out/models.js', '--uri', uri],
          {
            cwd: esm,
          },
        );
      } finally {
        server.stop();
      }
    });

    const sizes = tarballs.map((t) => `${t.name} (${t.files.length} files)`).join(', ');
    console.log(`check:pack: passed in ${((Date.now() - started) / 1000).toFixed(0)} s: ${sizes}`);
  } finally {
    if (flags.keep) console.log(`check:pack: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stdout.write('\n');
  if (error instanceof CheckError) console.error(`check:pack FAILED: ${error.message}`);
  else console.error('check:pack FAILED:', error);
  process.exitCode = 1;
});
