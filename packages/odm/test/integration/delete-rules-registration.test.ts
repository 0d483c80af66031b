import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASCADE,
  Document,
  OperationError,
  ReferenceField,
  StringField,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';

// Classes register on first use. A referring class that was defined but never used must not have
// its rule skipped silently: deleting its target is refused until the class is registered.
class RUser extends Document.define({ name: new StringField() }, { collection: 'rr_users' }) {}
class RPost extends Document.define(
  { title: new StringField(), author: new ReferenceField(() => RUser, { reverseDeleteRule: CASCADE }) },
  { collection: 'rr_posts' },
) {}

describe('delete rules of classes not yet used', () => {
  beforeAll(async () => {
    await connect(uriFor(freshDbName('rules_reg')));
  });
  afterAll(async () => {
    await disconnectAll();
  });

  it('refuses the delete, naming the field and the fix, and changes nothing', async () => {
    const ada = await new RUser({ name: 'Ada' }).save();
    // A post written behind the ODM's back: RPost itself is still unused.
    await getDb().collection('rr_posts').insertOne({ title: 'T', author: ada.id });
    const err = await ada.delete().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationError);
    expect((err as Error).message).toMatch(/field 'author'.*CASCADE on RUser.*register\(\)/s);
    expect(await getDb().collection('rr_users').countDocuments()).toBe(1);
    await expect(RUser.objects().delete()).rejects.toThrow(/has not been used or registered/);
    expect(await getDb().collection('rr_users').countDocuments()).toBe(1);
  });

  it('applies the rule once the class is registered', async () => {
    RPost.register();
    const ada = await RUser.objects({ name: 'Ada' }).get();
    await ada.delete();
    expect(await getDb().collection('rr_users').countDocuments()).toBe(0);
    expect(await getDb().collection('rr_posts').countDocuments()).toBe(0);
  });
});
