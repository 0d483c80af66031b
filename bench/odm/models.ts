/**
 * The benchmark's data model, declared twice with the same rules — once for this ODM, once for
 * Mongoose — and the generators of the documents every contender works on.
 *
 * A post has 10 fields: six scalars (`title`, `slug`, `views`, `rating`, `published`,
 * `createdAt`), a list of strings (`tags`), an embedded document (`location`), a list of embedded
 * documents (`comments`) and a reference (`author` → a user).
 *
 * @example
 * const stored = makeStoredPost(7, userIds); // what the driver returns for post 7
 * BenchPost.fromMongo(stored);               // ODM document
 * MongoosePost.hydrate(stored);              // Mongoose document
 */
import mongoose from 'mongoose';
import { ObjectId } from 'mongodb';
import {
  BooleanField,
  DateTimeField,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  FloatField,
  IntField,
  ListField,
  ReferenceField,
  StringField,
} from '../../packages/odm/src/index.js';

/** Collection names, the same in the ODM's, Mongoose's and the driver's database. */
export const POSTS = 'bench_posts';
export const USERS = 'bench_users';

const SLUG = /^[a-z0-9-]+$/;
const ZIP = /^\d{5}$/;

// ---------------------------------------------------------------- ODM

/** A post's author (the reference target). */
export class BenchUser extends Document.define(
  { name: new StringField({ required: true }), email: new StringField() },
  { collection: USERS },
) {}

/** Embedded: where a post was written. */
export class BenchLocation extends EmbeddedDocument.define({
  city: new StringField({ required: true }),
  zip: new StringField({ regex: ZIP }),
  country: new StringField({ maxLength: 2 }),
}) {}

/** Embedded, in a list: a comment. */
export class BenchComment extends EmbeddedDocument.define({
  author: new StringField({ required: true }),
  body: new StringField({ maxLength: 500 }),
  likes: new IntField({ min: 0 }),
}) {}

/** The benchmarked document class. */
export class BenchPost extends Document.define(
  {
    title: new StringField({ required: true, maxLength: 200 }),
    slug: new StringField({ regex: SLUG }),
    views: new IntField({ min: 0 }),
    rating: new FloatField({ min: 0, max: 5 }),
    published: new BooleanField(),
    createdAt: new DateTimeField(),
    tags: new ListField(new StringField({ maxLength: 30 })),
    location: new EmbeddedDocumentField(BenchLocation),
    comments: new ListField(new EmbeddedDocumentField(BenchComment)),
    author: new ReferenceField<BenchUser>((): unknown => BenchUser),
  },
  { collection: POSTS },
) {}

// ---------------------------------------------------------------- Mongoose

// Sub-schemas without `_id` and models without `__v`, so both ODMs store the same shape.
const locationSchema = new mongoose.Schema(
  {
    city: { type: String, required: true },
    zip: { type: String, match: ZIP },
    country: { type: String, maxlength: 2 },
  },
  { _id: false },
);

const commentSchema = new mongoose.Schema(
  {
    author: { type: String, required: true },
    body: { type: String, maxlength: 500 },
    likes: { type: Number, min: 0 },
  },
  { _id: false },
);

const userSchema = new mongoose.Schema(
  { name: { type: String, required: true }, email: String },
  { versionKey: false, collection: USERS, autoIndex: false },
);

const postSchema = new mongoose.Schema(
  {
    title: { type: String, required: true, maxlength: 200 },
    slug: { type: String, match: SLUG },
    views: { type: Number, min: 0 },
    rating: { type: Number, min: 0, max: 5 },
    published: Boolean,
    createdAt: Date,
    tags: [{ type: String, maxlength: 30 }],
    location: locationSchema,
    comments: [commentSchema],
    author: { type: mongoose.Schema.Types.ObjectId, ref: 'BenchUser' },
  },
  { versionKey: false, collection: POSTS, autoIndex: false },
);

/** Mongoose's user model (default connection). */
export const MongooseUser = mongoose.model('BenchUser', userSchema);
/** Mongoose's post model (default connection). */
export const MongoosePost = mongoose.model('BenchPost', postSchema);

// ---------------------------------------------------------------- data

/** The stored shape of a post (what `insertMany` sends and `find` returns, `_id` aside). */
export interface PostShape {
  _id?: ObjectId;
  title: string;
  slug: string;
  views: number;
  rating: number;
  published: boolean;
  createdAt: Date;
  tags: string[];
  location: { city: string; zip: string; country: string };
  comments: { author: string; body: string; likes: number }[];
  author: ObjectId;
}

const CITIES = ['Paris', 'Lyon', 'Berlin', 'Madrid', 'Rome', 'Oslo', 'Porto'];
const TAGS = ['mongodb', 'typescript', 'node', 'odm', 'bench', 'orm', 'database', 'web'];

/**
 * Post number `i` as plain data (no `_id`): the input of `new` / `insertMany`. Deterministic, so
 * every contender gets the same documents; `author` cycles through `userIds`.
 */
export function makePost(i: number, userIds: readonly ObjectId[]): PostShape {
  const n = 1 + (i % 3);
  const comments: PostShape['comments'] = [];
  for (let c = 0; c < n; c++) {
    comments.push({
      author: `reader${(i + c) % 997}`,
      body: `Comment ${c} on post ${i}: nice.`,
      likes: (i * c) % 50,
    });
  }
  return {
    title: `Post number ${i} about things`,
    slug: `post-number-${i}`,
    views: (i * 7919) % 100_000,
    rating: ((i % 50) + 0.5) / 10,
    published: i % 4 !== 0,
    createdAt: new Date(1_700_000_000_000 + i * 60_000),
    tags: [TAGS[i % 8]!, TAGS[(i + 3) % 8]!, TAGS[(i + 5) % 8]!],
    location: { city: CITIES[i % 7]!, zip: String(10_000 + (i % 89_999)), country: 'FR' },
    comments,
    author: userIds[i % userIds.length]!,
  };
}

/** Post `i` as stored (with a deterministic `_id`), in the field order both ODMs write. */
export function makeStoredPost(i: number, userIds: readonly ObjectId[]): PostShape {
  return { _id: ObjectId.createFromTime(1_700_000_000 + i), ...makePost(i, userIds) };
}

/** `count` user ids (the reference targets). */
export function makeUserIds(count: number): ObjectId[] {
  return Array.from({ length: count }, () => new ObjectId());
}
