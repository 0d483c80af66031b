/**
 * Step 5: stores a file in GridFS through a post's `FileField`, loads the post again and reads
 * the file back, checking its SHA-256.
 *
 * @example
 * ```ts
 * await attachments(out); //   sha256: 0e1e4386…
 * ```
 */
import { createHash } from 'node:crypto';
import { getDb } from 'mongoengine-ts';
import { Post } from './models.js';
import type { Output } from './output.js';

/** The attached file: deterministic, so its hash is known in advance. */
export const RELEASE_NOTES = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `- change ${i + 1}: fixed something small\n`).join(''),
);

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** How many files the posts' GridFS bucket holds. */
export function countAttachments(): Promise<number> {
  return getDb().collection('attachments.files').countDocuments();
}

/** Attaches the release notes to the post 'Release notes' and reads them back. */
export async function attachments(out: Output): Promise<void> {
  out.heading('5. GridFS: attach a file to a post');
  const post = await Post.objects({ title: 'Release notes' }).get();
  await post.attachment.put(RELEASE_NOTES, { filename: 'release-notes.md', contentType: 'text/markdown' });
  await post.save(); // stores the file's id in the post
  out.fact(
    'uploaded',
    `${post.attachment.filename} (${post.attachment.length} bytes, id ${post.attachment.id})`,
  );

  const loaded = await Post.objects({ title: 'Release notes' }).get();
  const bytes = await loaded.attachment.read();
  out.fact('read back', `${bytes.length} bytes, ${loaded.attachment.contentType}`);
  out.fact('sha256', sha256(bytes));
  out.fact('same as uploaded', sha256(bytes) === sha256(RELEASE_NOTES) ? 'yes' : 'NO');
  out.fact('files in the bucket', await countAttachments());
}
