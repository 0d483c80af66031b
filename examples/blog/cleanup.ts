/**
 * Step 6: deletes a user. `reverseDeleteRule: CASCADE` on `Post.author` deletes their posts
 * (and each post's GridFS attachment with it); their comments on other posts are pulled in the
 * same transaction, because delete rules do not reach into embedded documents.
 *
 * @example
 * ```ts
 * await cleanup(out, cast); //   posts        6      4
 * ```
 */
import { runInTransaction } from 'mongoengine-ts';
import { countAttachments } from './attachments.js';
import { Post, User } from './models.js';
import type { Output } from './output.js';
import type { Cast } from './seed.js';

/** What the database holds, counted. */
async function counts(): Promise<Record<'users' | 'posts' | 'comments' | 'attachments', number>> {
  const [row] = await Post.objects().aggregate<{ n: number }>([
    { $group: { _id: null, n: { $sum: { $size: '$comments' } } } },
  ]);
  return {
    users: await User.objects().count(),
    posts: await Post.objects().count(),
    comments: row?.n ?? 0,
    attachments: await countAttachments(),
  };
}

/** Deletes Linus and prints the counts before and after. */
export async function cleanup(out: Output, { linus }: Cast): Promise<void> {
  out.heading('6. Cascade delete: remove a user');
  const before = await counts();
  const pulled = await runInTransaction(async () => {
    const touched = await Post.objects({ comments__author: linus }).update({
      pull__comments: { author: linus },
    });
    await linus.delete(); // CASCADE deletes his posts, and their attachments with them
    return touched;
  });
  const after = await counts();
  out.note(`deleted Linus; pulled his comments from ${pulled} other posts`);
  out.table(
    ['collection', 'before', 'after'],
    Object.entries(before).map(([name, n]) => [name, n, after[name as keyof typeof after]]),
  );
}
