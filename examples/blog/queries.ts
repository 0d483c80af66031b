/**
 * Step 2: typed lookups (`author`, `tags`, `address__country__in`, `comments__match`…),
 * tag frequencies, and `selectRelated`, which loads every author and commenter of a page of
 * posts with one extra query.
 *
 * @example
 * ```ts
 * await queries(out, cast); //   posts by Ada with tag 'mongodb': 2
 * ```
 */
import { queryCounter } from 'mongoengine-ts';
import { Post, User } from './models.js';
import type { Output } from './output.js';
import type { Cast } from './seed.js';

/** Runs and prints a handful of queries. */
export async function queries(out: Output, { ada, grace, linus }: Cast): Promise<void> {
  out.heading('2. Queries');
  out.fact("posts by Ada with tag 'mongodb'", await Post.objects({ author: ada, tags: 'mongodb' }).count());
  const european = await User.objects({ address__country__in: ['GB', 'FI'] }).scalar('name');
  out.fact('users in GB or FI', european.join(', '));
  out.fact('posts Linus commented on', await Post.objects({ comments__author: linus }).count());
  const thanked = await Post.objects({
    comments__match: { author: grace, text__icontains: 'thanks' },
  }).first();
  out.fact("post where Grace said 'thanks'", thanked?.title);
  const tags = await Post.objects().itemFrequencies('tags');
  const top = [...tags].sort(([a, m], [b, n]) => n - m || String(a).localeCompare(String(b)));
  out.fact('tags', top.map(([tag, n]) => `${String(tag)} ×${n}`).join(', '));

  // Authors and commenters are all Users: selectRelated loads them with one $in query.
  const { result: latest, count } = await queryCounter(
    () => Post.objects().selectRelated('author', 'comments.author').limit(4).toArray(),
    { filter: (command) => command.name === 'find' },
  );
  out.note(`latest 4 posts with authors and commenters (${count} find commands):`);
  out.table(
    ['title', 'author', 'commenters'],
    latest.map((post) => [
      post.title,
      post.author.name,
      post.comments.map((comment) => comment.author.name).join(', ') || '-',
    ]),
  );
}
