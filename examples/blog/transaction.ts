/**
 * Step 3: moves a post to another author inside `runInTransaction`, so the post's reference and
 * both authors' `postCount` change together — then shows that a transaction that throws leaves
 * nothing behind.
 *
 * @example
 * ```ts
 * await transaction(out, cast); //   after : 'Indexes in practice' by Grace; postCount Ada 1, Grace 3
 * ```
 */
import { Ref, runInTransaction } from 'mongoengine-ts';
import { Post, User } from './models.js';
import type { Output } from './output.js';
import type { Cast } from './seed.js';

/** Reassigns a post and fixes both counters in one transaction; `fail` throws before the commit. */
async function movePost(title: string, to: User, fail = false): Promise<void> {
  await runInTransaction(async () => {
    // Read inside the transaction: a transient error re-runs this function from the start.
    const post = await Post.objects({ title }).get();
    const from = post.author.id;
    post.author = Ref.of(to);
    await post.save(); // sends { $set: { author: … } } only
    await User.objects({ pk: from }).update({ dec__postCount: 1 });
    await User.objects({ pk: to.pk }).update({ inc__postCount: 1 });
    if (fail) throw new Error('review rejected the move');
  });
}

/** One line per state: who wrote the post, and every user's post count. */
async function state(title: string): Promise<string> {
  const post = await Post.objects({ title }).selectRelated('author').get();
  const counts = await User.objects().valuesList('name', 'postCount');
  return `'${title}' by ${post.author.name}; postCount ${counts.map(([n, c]) => `${n} ${c}`).join(', ')}`;
}

/** Runs a committed and an aborted move and prints the states around them. */
export async function transaction(out: Output, { grace, ada }: Cast): Promise<void> {
  out.heading('3. Transaction: move a post to another author');
  out.fact('before', await state('Indexes in practice'));
  await movePost('Indexes in practice', grace);
  out.fact('after ', await state('Indexes in practice'));

  out.note('a second move throws before its commit:');
  out.fact('before', await state('Release notes'));
  try {
    await movePost('Release notes', ada, true);
  } catch (error) {
    out.fact('error ', (error as Error).message);
  }
  out.fact('after ', await state('Release notes'));
}
