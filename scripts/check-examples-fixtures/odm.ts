/**
 * Sample models and values the ODM's TSDoc examples use without declaring them (the blog of
 * DESIGN.md). `scripts/check-examples.ts` imports every name exported here into each example
 * that does not declare it itself.
 */
import type {
  Collection,
  Db,
  Document as MongoDoc,
  MongoClient,
  ClientSession,
  MongoClientOptions,
  ObjectId,
} from 'mongodb';
import {
  Document,
  EmbeddedDocument,
  DateTimeField,
  DecimalField,
  FileField,
  FloatField,
  BooleanField,
  EmailField,
  EmbeddedDocumentField,
  EmbeddedDocumentListField,
  IntField,
  ListField,
  PointField,
  ReferenceField,
  StringField,
  type ClassInfo,
  type InitHookContext,
} from '../../packages/odm/src/index.js';
import type { QueryState } from '../../packages/odm/src/queryset/query-state.js';

export {
  Int32,
  Double,
  Decimal128,
  Long,
  ObjectId,
  DBRef,
  UUID,
  Binary,
  Timestamp,
  MongoClient,
} from 'mongodb';

export class Address extends EmbeddedDocument.define({
  city: new StringField({ required: true }),
  zip: new StringField({ regex: /^\d{5}$/ }),
  street: new StringField(),
}) {}

export class Comment extends EmbeddedDocument.define({
  author: new ReferenceField(() => User),
  text: new StringField(),
  likes: new IntField({ default: 0 }),
}) {}

export class User extends Document.define(
  {
    name: new StringField({ required: true, maxLength: 50 }),
    email: new EmailField({ unique: true }),
    age: new IntField({ min: 0 }),
    address: new EmbeddedDocumentField(Address),
    tags: new ListField(new StringField()),
    scores: new ListField(new IntField()),
    createdAt: new DateTimeField(),
  },
  { collection: 'users', indexes: ['-age', { fields: ['name', 'age'] }], ordering: ['name'] },
) {
  get isAdult(): boolean {
    return (this.age ?? 0) >= 18;
  }
}

export class Post extends Document.define({
  title: new StringField({ required: true }),
  body: new StringField(),
  author: new ReferenceField(() => User, { required: true, reverseDeleteRule: 'CASCADE' }),
  tags: new ListField(new StringField()),
  comments: new EmbeddedDocumentListField(Comment),
  views: new IntField({ default: 0 }),
  location: new PointField(),
}) {}

export class Photo extends Document.define({
  url: new StringField(),
  owner: new ReferenceField(() => User),
}) {}

export class Page extends Document.define(
  { title: new StringField(), body: new StringField() },
  { allowInheritance: true, indexes: ['title'] },
) {}
export class DatedPage extends Page.define({ date: new DateTimeField() }) {}

export class Log extends Document.define(
  { msg: new StringField(), region: new StringField() },
  { dbAlias: 'audit', shardKey: ['region'] },
) {}

export class Group extends Document.define({ name: new StringField() }) {}

export class Fruit extends Document.define({ name: new StringField() }, { allowInheritance: true }) {}

export class Report extends Document.define({ title: new StringField(), attachment: new FileField() }) {}

export class Account extends Document.define({
  name: new StringField(),
  balance: new DecimalField({ precision: 2 }),
}) {}
export class Transfer extends Document.define({
  from: new ReferenceField(() => Account),
  amount: new DecimalField({ precision: 2 }),
}) {}
export class Order extends Document.define({ paid: new BooleanField(), total: new FloatField() }) {}
export class Job extends Document.define({ state: new StringField(), at: new DateTimeField() }) {}
export class Entry extends Document.define({ title: new StringField(), modified: new DateTimeField() }) {}
export class TextBlock extends EmbeddedDocument.define({ text: new StringField() }) {}
export class ImageBlock extends EmbeddedDocument.define({ url: new StringField() }) {}
export class AbstractBase extends Document.define({ name: new StringField() }, { abstract: true }) {}

/** A document of some class with the field an example is about (field examples assign `doc.<field>`). */
export declare const doc: User & { [field: string]: any };
export declare const report: Report;
export declare function audit(doc: unknown): Promise<void>;
export declare const logger: { debug(line: string): void };
export declare const ctx: InitHookContext;
export declare function afterAll(fn: () => unknown): void;
export declare function afterEach(fn: () => unknown): void;
export declare const user: User;
export declare const ada: User;
export declare const post: Post;
export declare const page: Page;
export declare const users: User[];
export declare const posts: Post[];
export declare const docs: User[];
export declare const info: ClassInfo;
export declare const state: QueryState;
export declare const coll: Collection;
export declare const collection: Collection;
export declare const db: Db;
export declare const client: MongoClient;
export declare const session: ClientSession;
export declare const filter: MongoDoc;
export declare const update: MongoDoc;
export declare const projection: MongoDoc;
export declare const son: MongoDoc;
export declare const id: ObjectId;
export declare const uri: string;
export declare const options: MongoClientOptions;
export declare const values: Record<string, unknown>;
