import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: 'pipe' });
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout) {
    out += String(chunk);
    const newline = out.indexOf('\n');
    if (newline >= 0) return out.slice(0, newline);
  }
  throw new Error(`CLI exited before printing its URI: ${out}`);
}

describe('memory-server CLI', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints its URI first, serves the driver, stops on %s with exit 0',
    async (signal) => {
      const child = startCli(['--port', '0']);
      const uri = await firstLine(child);
      expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5000 });
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      await client.close();
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
    },
  );

  it('rejects bad arguments with exit 2 and a message', async () => {
    const cases = [['--port', 'abc'], ['--port', '70000'], ['--nope'], ['extra']];
    const results = await Promise.all(
      cases.map(async (args) => {
        const child = startCli(args);
        let err = '';
        child.stderr.on('data', (d) => (err += String(d)));
        const [code] = await once(child, 'exit');
        return { args, code, err };
      }),
    );
    for (const { code, err } of results) {
      expect(code).toBe(2);
      expect(err).toMatch(/^memory-server: /);
    }
  });

  it('prints usage for --help and exits 0', async () => {
    const child = startCli(['--help']);
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('--port');
  });
});
