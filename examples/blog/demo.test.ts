/**
 * Runs the blog demo against a memory server and checks what it prints: the query counts, the
 * transaction's outcome, the report rows, the attachment's hash and the cascade counts.
 */
import { createHash } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryServer } from '@mongoengine-ts/memory-server';
import { RELEASE_NOTES } from './attachments.js';
import { main } from './main.js';

/** The lines of a section, from its heading to the next blank line. */
function section(lines: readonly string[], heading: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(heading));
  expect(start, `section '${heading}'`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 2, end === -1 ? undefined : end);
}

/** A table row's cells (two or more spaces apart). */
const cells = (line: string | undefined): string[] => (line ?? '').trim().split(/ {2,}/);

describe('the blog demo on a server given by URI (as with MONGODB_URI)', () => {
  // Like the ODM's suites: a real MongoDB when MONGODB_URI is set, else a memory server.
  let server: MemoryServer | undefined;
  let uri: string;
  const lines: string[] = [];

  beforeAll(async () => {
    uri = process.env['MONGODB_URI'] || (server = await MemoryServer.start({ port: 0 })).uri;
    await main({ uri, log: (line) => lines.push(line) });
  }, 60_000);
  afterAll(() => server?.stop());

  it('uses a database of its own and drops it at the end', async () => {
    const match = /database '(mongoengine_ts_demo_[0-9a-f]{6})' \(dropped at the end\)/.exec(lines[1] ?? '');
    expect(match).not.toBeNull();
    const client = await MongoClient.connect(uri);
    try {
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((db) => db.name)).not.toContain(match![1]);
    } finally {
      await client.close();
    }
    expect(lines.at(-1)).toBe('done.');
  });

  it('seeds three users and six posts, counting posts with a postSave signal', () => {
    const seed = section(lines, '1. Seed');
    expect(seed.filter((line) => line.includes('postSave:'))).toHaveLength(6);
    expect(seed).toContain('  users: 3');
    expect(seed).toContain('  posts: 6');
  });

  it('answers the typed queries and loads related users in one extra find', () => {
    const queries = section(lines, '2. Queries');
    expect(queries).toContain("  posts by Ada with tag 'mongodb': 2");
    expect(queries).toContain('  users in GB or FI: Ada, Linus');
    expect(queries).toContain('  posts Linus commented on: 2');
    expect(queries).toContain("  post where Grace said 'thanks': Patches welcome");
    expect(queries.find((line) => line.startsWith('  tags:'))).toMatch(
      /^ {2}tags: mongodb ×3, open-source ×2, /,
    );
    expect(queries).toContain('  latest 4 posts with authors and commenters (2 find commands):');
    expect(cells(queries.find((line) => line.startsWith('  Patches welcome')))).toEqual([
      'Patches welcome',
      'Linus',
      'Ada, Grace',
    ]);
  });

  it('commits the move of a post and rolls back the one that throws', () => {
    const tx = section(lines, '3. Transaction');
    expect(tx[0]).toBe("  before: 'Indexes in practice' by Ada; postCount Ada 2, Grace 2, Linus 2");
    expect(tx[1]).toBe("  after : 'Indexes in practice' by Grace; postCount Ada 1, Grace 3, Linus 2");
    expect(tx).toContain('  error : review rejected the move');
    expect(tx.at(-1)).toBe("  after : 'Release notes' by Linus; postCount Ada 1, Grace 3, Linus 2");
  });

  it('reports posts, comments and the latest post per author', () => {
    const rows = section(lines, '4. Aggregation').map(cells);
    expect(rows).toEqual([
      ['author', 'city', 'posts', 'comments', 'latest post'],
      ['Grace', 'New York', '3', '4', '2026-01-13'],
      ['Linus', 'Helsinki', '2', '3', '2026-01-15'],
      ['Ada', 'London', '1', '1', '2026-01-11'],
    ]);
  });

  it('reads the GridFS attachment back with the same hash', () => {
    const gridfs = section(lines, '5. GridFS');
    const hash = createHash('sha256').update(RELEASE_NOTES).digest('hex');
    expect(hash).toBe('0e1e4386795e01a40b2543d895137a7703f9463743bdfe35c8e3a9c6efeb6ea5');
    expect(gridfs).toContain(`  sha256: ${hash}`);
    expect(gridfs).toContain('  same as uploaded: yes');
    expect(gridfs.find((line) => line.startsWith('  read back:'))).toBe(
      `  read back: ${RELEASE_NOTES.length} bytes, text/markdown`,
    );
  });

  it('cascades the delete of a user to their posts and attachment', () => {
    const rows = section(lines, '6. Cascade delete');
    expect(rows[0]).toBe('  deleted Linus; pulled his comments from 2 other posts');
    expect(rows.slice(1).map(cells)).toEqual([
      ['collection', 'before', 'after'],
      ['users', '3', '2'],
      ['posts', '6', '4'],
      ['comments', '8', '3'],
      ['attachments', '1', '0'],
    ]);
  });
});

describe('the blog demo with no URI', () => {
  it('starts and stops its own in-memory server', async () => {
    const lines: string[] = [];
    await main({ log: (line) => lines.push(line) });
    const uri = /in-memory MongoDB at (mongodb:\/\/127\.0\.0\.1:\d+\/)/.exec(lines[1] ?? '')?.[1];
    expect(uri).toBeDefined();
    expect(lines.at(-1)).toBe('done.');
    // The server is gone: connecting fails fast.
    await expect(MongoClient.connect(uri!, { serverSelectionTimeoutMS: 300 })).rejects.toThrow();
  }, 60_000);
});
