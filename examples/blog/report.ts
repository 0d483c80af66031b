/**
 * Step 4: an aggregation report — posts, comments and latest post per author — built with
 * `QuerySet.aggregate()` (`$group`, then `$lookup` of the author's user document).
 *
 * @example
 * ```ts
 * const rows = await report(out); // [{ name: 'Grace', city: 'New York', posts: 3, comments: 4, … }, …]
 * ```
 */
import { Post, User } from './models.js';
import type { Output } from './output.js';

/** One row of the report. */
export interface ReportRow {
  readonly name: string;
  readonly city: string;
  readonly posts: number;
  readonly comments: number;
  readonly latest: Date;
}

/** Runs the pipeline and prints it as a table. */
export async function report(out: Output): Promise<ReportRow[]> {
  out.heading('4. Aggregation: activity per author');
  const users = (await User._getCollection()).collectionName;
  // The pipeline works on stored documents: `author` holds the user's _id.
  const rows = await Post.objects().aggregate<ReportRow>([
    {
      $group: {
        _id: '$author',
        posts: { $sum: 1 },
        comments: { $sum: { $size: '$comments' } },
        latest: { $max: '$publishedAt' },
      },
    },
    { $lookup: { from: users, localField: '_id', foreignField: '_id', as: 'user' } },
    { $unwind: '$user' },
    {
      $project: { _id: 0, name: '$user.name', city: '$user.address.city', posts: 1, comments: 1, latest: 1 },
    },
    { $sort: { posts: -1, name: 1 } },
  ]);
  out.table(
    ['author', 'city', 'posts', 'comments', 'latest post'],
    rows.map((row) => [row.name, row.city, row.posts, row.comments, row.latest.toISOString().slice(0, 10)]),
  );
  return rows;
}
