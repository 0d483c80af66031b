/**
 * Step 1: creates three users and six posts with tags and comments. A `postSave` signal keeps
 * each user's `postCount` up to date as posts are created.
 *
 * @example
 * ```ts
 * const stopCounting = countPostsOnSave(out);
 * const cast = await seed(out); // { ada, grace, linus }
 * stopCounting();
 * ```
 */
import { signals } from 'mongoengine-ts';
import { Comment, Post, User } from './models.js';
import type { Output } from './output.js';

/** The users later steps refer to. */
export interface Cast {
  readonly ada: User;
  readonly grace: User;
  readonly linus: User;
}

/** Connects a `postSave` handler that counts new posts on their author; returns the disconnect. */
export function countPostsOnSave(out: Output): () => void {
  return signals.postSave.connect(
    async ({ document, created }) => {
      if (!created) return;
      await User.objects({ pk: document.author.id }).update({ inc__postCount: 1 });
      out.note(`postSave: '${document.title}' → inc postCount of its author`);
    },
    { sender: Post },
  );
}

/** Inserts the sample data. */
export async function seed(out: Output): Promise<Cast> {
  out.heading('1. Seed: users with embedded addresses, posts with tags and comments');
  const ada = await new User({
    name: 'Ada',
    email: 'ada@example.org',
    address: { street: '12 St James Sq', city: 'London', country: 'GB' },
  }).save();
  const grace = await new User({
    name: 'Grace',
    email: 'grace@example.org',
    address: { city: 'New York', country: 'US' },
  }).save();
  const linus = await new User({
    name: 'Linus',
    email: 'linus@example.org',
    address: { city: 'Helsinki', country: 'FI' },
  }).save();

  const say = (author: User, text: string) => new Comment({ author, text });
  const posts: [string, User, string[], Comment[]][] = [
    ['Indexes in practice', ada, ['mongodb', 'performance'], [say(grace, 'Great.'), say(linus, 'Measure!')]],
    ['Schemas without a schema', ada, ['mongodb', 'design'], [say(grace, 'Validation still matters.')]],
    ['Compilers for everyone', grace, ['compilers'], [say(ada, 'Lovely.'), say(linus, 'And linkers?')]],
    ['Debugging, literally', grace, ['history'], []],
    ['Patches welcome', linus, ['git', 'open-source'], [say(ada, 'Merged.'), say(grace, 'Thanks!')]],
    ['Release notes', linus, ['open-source', 'mongodb'], [say(ada, 'Shipped.')]],
  ];
  for (const [index, [title, author, tags, comments]] of posts.entries()) {
    const publishedAt = new Date(Date.UTC(2026, 0, 10 + index));
    await new Post({ title, author, tags, comments, publishedAt }).save();
  }

  out.fact('users', await User.objects().count());
  out.fact('posts', await Post.objects().count());
  return { ada, grace, linus };
}
