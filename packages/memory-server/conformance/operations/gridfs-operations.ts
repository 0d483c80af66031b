import { MongoRuntimeError } from 'mongodb';
import type { GridFSBucket, ObjectId } from 'mongodb';
import { splitArgs } from './operation-types.js';
import type { OperationHandler } from './operation-types.js';
import type { SpecDoc } from '../spec-types.js';

const bucket = (target: unknown): GridFSBucket => target as GridFSBucket;

/** The bytes of a `{ $$hexBytes: '…' }` upload source. */
function sourceBytes(source: unknown): Buffer {
  const hex = (source as { $$hexBytes?: unknown } | undefined)?.$$hexBytes;
  if (typeof hex !== 'string') throw new Error('upload source must be {$$hexBytes: string}');
  return Buffer.from(hex, 'hex');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function filesNamed(target: unknown, filename: unknown, session: unknown): Promise<ObjectId[]> {
  const files = await bucket(target)
    .find({ filename: filename as string }, session ? { session: session as never } : {})
    .toArray();
  if (files.length === 0) throw new MongoRuntimeError(`File not found for filename: ${String(filename)}`);
  return files.map((f) => f._id);
}

/**
 * GridFS bucket operations. `deleteByName` and `renameByName` are built from `find` plus
 * `delete`/`rename`, since the driver has no helpers for them; a missing file is a client error.
 *
 * @example
 * await gridfsOperations.upload!(bucket, { filename: 'f', source: { $$hexBytes: '11' } }, ctx); // ObjectId
 */
export const gridfsOperations: Record<string, OperationHandler> = {
  async upload(target, args) {
    const [[filename, source], options] = splitArgs(args, ['filename', 'source']);
    const stream = bucket(target).openUploadStream(String(filename), options);
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(sourceBytes(source), () => resolve());
    });
    return stream.id;
  },
  async download(target, args) {
    const [[id], options] = splitArgs(args, ['id']);
    return readAll(bucket(target).openDownloadStream(id as ObjectId, options));
  },
  async downloadByName(target, args) {
    const [[filename], options] = splitArgs(args, ['filename']);
    return readAll(bucket(target).openDownloadStreamByName(String(filename), options));
  },
  async delete(target, args) {
    const [[id], options] = splitArgs(args, ['id']);
    await bucket(target).delete(id as ObjectId, options);
    return undefined;
  },
  async deleteByName(target, args) {
    for (const id of await filesNamed(target, args['filename'], args['session'])) {
      await bucket(target).delete(id, args['session'] ? ({ session: args['session'] } as never) : undefined);
    }
    return undefined;
  },
  async rename(target, args) {
    const [[id, newFilename], options] = splitArgs(args, ['id', 'newFilename']);
    await bucket(target).rename(id as ObjectId, String(newFilename), options);
    return undefined;
  },
  async renameByName(target, args) {
    for (const id of await filesNamed(target, args['filename'], args['session'])) {
      await bucket(target).rename(id, String(args['newFilename']));
    }
    return undefined;
  },
  async drop(target) {
    await bucket(target).drop();
    return undefined;
  },
  async find(target, args) {
    const [[filter], options] = splitArgs(args, ['filter']);
    return bucket(target)
      .find((filter ?? {}) as SpecDoc, options)
      .toArray();
  },
};
