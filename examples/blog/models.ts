/**
 * The blog's document classes: users with an embedded address, posts that reference their
 * author, carry tags, embedded comments and an optional GridFS attachment.
 *
 * @example
 * ```ts
 * const ada = await new User({ name: 'Ada', email: 'ada@example.org', address: { city: 'London', country: 'GB' } }).save();
 * await new Post({ title: 'Hello', author: ada, tags: ['intro'], publishedAt: new Date() }).save();
 * ```
 */
import {
  CASCADE,
  DateTimeField,
  Document,
  EmailField,
  EmbeddedDocument,
  EmbeddedDocumentField,
  EmbeddedDocumentListField,
  FileField,
  IntField,
  ListField,
  ReferenceField,
  StringField,
} from 'mongoengine-ts';

/** A postal address, stored inside its user (no collection of its own). */
export class Address extends EmbeddedDocument.define({
  street: new StringField(),
  city: new StringField({ required: true }),
  country: new StringField({ required: true, regex: /^[A-Z]{2}$/ }),
}) {}

/** A user; `postCount` is kept in step with the posts by the transaction in `transaction.ts`. */
export class User extends Document.define(
  {
    name: new StringField({ required: true, unique: true, maxLength: 40 }),
    email: new EmailField({ required: true, unique: true }),
    address: new EmbeddedDocumentField(Address),
    postCount: new IntField({ min: 0, default: 0 }),
  },
  { collection: 'users', ordering: ['name'], indexes: ['address.city'] },
) {}

/** A comment, embedded in its post; its author is a reference to a user. */
export class Comment extends EmbeddedDocument.define({
  author: new ReferenceField(() => User, { required: true }),
  text: new StringField({ required: true, maxLength: 500 }),
  createdAt: new DateTimeField({ default: () => new Date() }),
}) {}

/**
 * A post. Deleting its author deletes it too (`reverseDeleteRule: CASCADE`), and deleting a post
 * deletes its attachment's GridFS file.
 */
export class Post extends Document.define(
  {
    title: new StringField({ required: true, unique: true }),
    author: new ReferenceField(() => User, { required: true, reverseDeleteRule: CASCADE }),
    tags: new ListField(new StringField({ regex: /^[a-z0-9-]+$/ })),
    comments: new EmbeddedDocumentListField(Comment),
    attachment: new FileField({ collectionName: 'attachments' }),
    publishedAt: new DateTimeField({ required: true }),
  },
  { collection: 'posts', ordering: ['-publishedAt'], indexes: ['author', 'tags', '-publishedAt'] },
) {}
