import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  Document,
  InvalidQueryError,
  OperationError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import {
  DanglingReference,
  GenericLazyReferenceField,
  GenericReferenceField,
  LazyReferenceField,
  Ref,
  ReferenceField,
} from '../../src/references/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class EUser extends Document.define({ name: new StringField() }, { collection: 'er_users' }) {}
class ETeam extends Document.define({ name: new StringField() }, { collection: 'er_teams' }) {}
class EPost extends Document.define(
  {
    author: new ReferenceField(() => EUser),
    tagged: new ListField(new ReferenceField(() => EUser)),
    reviewer: new LazyReferenceField(() => EUser),
  },
  { collection: 'er_posts' },
) {}
class EPin extends Document.define(
  {
    target: new GenericReferenceField<EUser | ETeam>({ choices: [EUser, ETeam] }),
    lazy: new GenericLazyReferenceField<EUser>({ choices: [EUser] }),
  },
  { collection: 'er_pins' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('ref_errors')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(
    ['er_users', 'er_teams', 'er_posts', 'er_pins'].map((c) => db.collection(c).deleteMany({})),
  );
});

describe('dangling references', () => {
  it('selectRelated marks a missing target dangling; value throws DoesNotExist; others load', async () => {
    const ada = await new EUser({ name: 'Ada' }).save();
    const gone = await new EUser({ name: 'Gone' }).save();
    await new EPost({ author: gone, tagged: [ada, gone] }).save();
    await gone.delete();

    const post = (await EPost.objects().selectRelated('author', 'tagged').first())!;
    // A missing target stays a Ref (the loaded ones are replaced by their documents).
    const author = post.author as unknown as Ref<EUser>;
    expect(author).toBeInstanceOf(Ref);
    expect(author.dangling).toBe(true);
    expect(author.isLoaded).toBe(false);
    expect(() => author.value).toThrow(EUser.DoesNotExist);
    expect(() => author.value).toThrow(new RegExp(`EUser matching the reference ${gone.pk!.toHexString()}`));
    const tagged = post.tagged as unknown as (EUser | Ref<EUser>)[];
    expect(tagged[0]).toBeInstanceOf(EUser);
    expect((tagged[0] as EUser).name).toBe('Ada');
    expect((tagged[1] as Ref<EUser>).dangling).toBe(true);
  });

  it("fetch() throws the target's DoesNotExist; fetch({ missing: 'marker' }) returns a DanglingReference", async () => {
    const gone = await new EUser({ name: 'Gone' }).save();
    await new EPost({ author: gone, reviewer: gone }).save();
    await gone.delete();
    const post = (await EPost.objects().first())!;
    expect(post.author!.dangling).toBe(false); // not looked for yet
    await expect(post.author!.fetch()).rejects.toThrow(EUser.DoesNotExist);
    expect(post.author!.dangling).toBe(true);

    const marker = await post.reviewer!.fetch({ missing: 'marker' });
    expectTypeOf(marker).toEqualTypeOf<EUser | DanglingReference<EUser>>();
    expect(marker).toBeInstanceOf(DanglingReference);
    const dangling = marker as DanglingReference<EUser>;
    expect(dangling.targetClass).toBe(EUser);
    expect(dangling.className).toBe('EUser');
    expect(dangling.id.equals(gone.pk!)).toBe(true);
    expect(String(dangling)).toBe(`DanglingReference(EUser, ${gone.pk!.toHexString()})`);
    expectTypeOf(await post.author!.fetch().catch(() => new EUser())).toEqualTypeOf<EUser>();
  });

  it('a dangling reference is looked up again: once the target exists it loads', async () => {
    const id = new ObjectId();
    await getDb().collection('er_posts').insertOne({ author: id });
    const post = (await EPost.objects().selectRelated('author').first())!;
    const author = post.author as unknown as Ref<EUser>;
    expect(author.dangling).toBe(true);
    await getDb().collection('er_users').insertOne({ _id: id, name: 'Back' });
    expect((await author.fetch()).name).toBe('Back');
    expect(author.dangling).toBe(false);
    expect(author.value.name).toBe('Back');
  });

  it('generic references dangle the same way', async () => {
    const team = await new ETeam({ name: 'T' }).save();
    await new EPin({ target: team }).save();
    await team.delete();
    const pin = (await EPin.objects().selectRelated('target').first())!;
    const target = pin.target as unknown as Ref<ETeam>;
    expect(target.dangling).toBe(true);
    expect(target.targetClass).toBe(ETeam);
    expect(await target.fetch({ missing: 'marker' })).toBeInstanceOf(DanglingReference);
  });
});

describe('references to unsaved documents', () => {
  it('GenericReferenceField: a ValidationError, or with validate: false an OperationError naming the field', async () => {
    const unsaved = new EUser({ name: 'new' });
    const err = await new EPin({ target: unsaved }).save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'target', code: 'unsaved_reference' });
    await expect(new EPin({ target: unsaved }).save({ validate: false })).rejects.toThrow(
      /Field 'EPin\.target' references an unsaved document/,
    );
    await expect(new EPin({ target: unsaved }).save({ validate: false })).rejects.toBeInstanceOf(
      OperationError,
    );
    expect(await getDb().collection('er_pins').countDocuments()).toBe(0);
  });

  it('ReferenceField in a list and LazyReferenceField: unsaved_reference on the item path', async () => {
    const ada = await new EUser({ name: 'Ada' }).save();
    const err = await new EPost({ tagged: [ada, new EUser({ name: 'x' })] }).save().catch((e: unknown) => e);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'tagged.1', code: 'unsaved_reference' });
    const lazy = await new EPost({ reviewer: new EUser({ name: 'y' }) }).save().catch((e: unknown) => e);
    expect((lazy as ValidationError).issues[0]).toMatchObject({
      path: 'reviewer',
      code: 'unsaved_reference',
    });
    expect(await getDb().collection('er_posts').countDocuments()).toBe(0);
  });

  it('querying by an unsaved document is an InvalidQueryError', () => {
    expect(() => EPost.objects({ author: new EUser({}) }).toFilter()).toThrow(InvalidQueryError);
    expect(() => EPin.objects({ target: new EUser({}) }).toFilter()).toThrow(InvalidQueryError);
    expect(() => EPin.objects({ target: Ref.of(new ETeam({})) }).toFilter()).toThrow(/saved document/);
  });
});

describe('wrong classes', () => {
  it('a generic reference outside choices fails with code choices, naming the allowed classes', async () => {
    const post = await new EPost({}).save();
    const err = await new EPin({ target: post as never }).save().catch((e: unknown) => e);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'target', code: 'choices' });
    expect((err as Error).message).toMatch(/must reference one of EUser, ETeam, not a EPost/);
    const lazy = await new EPin({ lazy: post as never }).save().catch((e: unknown) => e);
    expect((lazy as ValidationError).issues[0]).toMatchObject({ path: 'lazy', code: 'choices' });
  });

  it('a ReferenceField given another class fails with code type', async () => {
    const team = await new ETeam({ name: 'T' }).save();
    const err = await new EPost({ author: Ref.of(team) as never }).save().catch((e: unknown) => e);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'author', code: 'type' });
    expect((err as Error).message).toMatch(/must reference a EUser, not a ETeam/);
  });
});
