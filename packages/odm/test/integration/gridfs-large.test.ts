import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, FileField, connect, disconnectAll, getDb } from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Archive extends Document.define(
  { name: new StringField(), blob: new FileField({ collectionName: 'big' }) },
  { collection: 'archives' },
) {}

const SIZE = 20 * 1024 * 1024;
const PIECE = 64 * 1024;

/**
 * `total` bytes from a xorshift32 generator, made one 64 KiB piece at a time as the consumer
 * pulls (so at most a few pieces exist at once); every piece is hashed as it is handed out.
 */
function prngStream(
  total: number,
  seed: number,
  hash: ReturnType<typeof createHash>,
  sizes: number[],
): Readable {
  let state = seed >>> 0 || 1;
  let left = total;
  return new Readable({
    highWaterMark: PIECE,
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const piece = Buffer.allocUnsafe(Math.min(PIECE, left));
      for (let i = 0; i + 4 <= piece.length; i += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        piece.writeUInt32LE(state >>> 0, i);
      }
      left -= piece.length;
      sizes.push(piece.length);
      hash.update(piece);
      this.push(piece);
    },
  });
}

beforeAll(async () => {
  await connect(uriFor(freshDbName('gridfs_large')));
});
afterAll(() => disconnectAll());

describe('a 20 MiB file through FileField', () => {
  it('streams in and out without buffering it whole; sha256 equal on both sides', async () => {
    const inHash = createHash('sha256');
    const sizes: number[] = [];
    const doc = new Archive({ name: 'big' });
    await doc.blob.put(prngStream(SIZE, 0x5eed, inHash, sizes), { filename: 'big.bin' });
    await doc.save();
    // The source was pulled piece by piece, never as one buffer.
    expect(Math.max(...sizes)).toBe(PIECE);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(SIZE);

    const files = await getDb().collection('big.files').find().toArray();
    expect(files).toHaveLength(1);
    expect(files[0]!['length']).toBe(SIZE);
    expect(await getDb().collection('big.chunks').countDocuments({ files_id: doc.blob.id })).toBe(
      Math.ceil(SIZE / (255 * 1024)),
    );

    const loaded = await Archive.objects().get({ name: 'big' });
    const outHash = createHash('sha256');
    let bytes = 0;
    let largest = 0;
    for await (const piece of loaded.blob.stream()) {
      const buf = piece as Buffer;
      outHash.update(buf);
      bytes += buf.length;
      largest = Math.max(largest, buf.length);
    }
    expect(bytes).toBe(SIZE);
    expect(largest).toBeLessThanOrEqual(255 * 1024); // one GridFS chunk at a time
    const expected = inHash.digest('hex');
    expect(outHash.digest('hex')).toBe(expected);
    // Same seed, same bytes: the generator is deterministic, so the digest is reproducible.
    const again = createHash('sha256');
    for await (const piece of prngStream(SIZE, 0x5eed, createHash('sha256'), []))
      again.update(piece as Buffer);
    expect(again.digest('hex')).toBe(expected);

    await loaded.delete();
    expect(await getDb().collection('big.chunks').countDocuments()).toBe(0);
  }, 120_000);
});
