import { DBRef, ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CASCADE,
  CachedReferenceField,
  DENY,
  GenericLazyReferenceField,
  DeleteRule,
  Document,
  GenericReferenceField,
  LazyReferenceField,
  NULLIFY,
  OperationError,
  PULL,
  ReferenceField,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
  runInTransaction,
  signals,
} from '../../src/index.js';
import { ListField } from '../../src/fields/list-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

// --- models ---------------------------------------------------------------------------------

class DUser extends Document.define(
  { name: new StringField({ required: true }) },
  { collection: 'dr_users' },
) {}

class DPost extends Document.define(
  {
    title: new StringField(),
    author: new ReferenceField(() => DUser, { reverseDeleteRule: CASCADE }),
    editor: new ReferenceField(() => DUser, { reverseDeleteRule: NULLIFY }),
    tagged: new ListField(new ReferenceField(() => DUser, { reverseDeleteRule: PULL })),
    watchers: new ListField(new ReferenceField(() => DUser, { reverseDeleteRule: NULLIFY })),
  },
  { collection: 'dr_posts' },
) {}

class DComment extends Document.define(
  {
    text: new StringField(),
    post: new LazyReferenceField(() => DPost, { reverseDeleteRule: 'CASCADE' }),
  },
  { collection: 'dr_comments' },
) {}

// A chain Org → Team (CASCADE) → Member (CASCADE), with Badge.member DENY at the bottom.
class Org extends Document.define({ name: new StringField() }, { collection: 'dr_orgs' }) {}
class Team extends Document.define(
  { name: new StringField(), org: new ReferenceField(() => Org, { reverseDeleteRule: CASCADE }) },
  { collection: 'dr_teams' },
) {}
class Member extends Document.define(
  { name: new StringField(), team: new ReferenceField(() => Team, { reverseDeleteRule: CASCADE }) },
  { collection: 'dr_members' },
) {}
class Badge extends Document.define(
  { label: new StringField(), member: new ReferenceField(() => Member, { reverseDeleteRule: DENY }) },
  { collection: 'dr_badges' },
) {}

// Self-reference: Employee.boss CASCADE.
class Employee extends Document.define(
  {
    name: new StringField(),
    boss: new ReferenceField<Employee>((): unknown => Employee, { reverseDeleteRule: CASCADE }),
  },
  { collection: 'dr_employees' },
) {}

// Two classes in a CASCADE cycle.
class CycA extends Document.define(
  {
    name: new StringField(),
    b: new ReferenceField<CycB>((): unknown => CycB, { reverseDeleteRule: CASCADE }),
  },
  { collection: 'dr_cyc_a' },
) {}
class CycB extends Document.define(
  {
    name: new StringField(),
    a: new ReferenceField<CycA>((): unknown => CycA, { reverseDeleteRule: CASCADE }),
  },
  { collection: 'dr_cyc_b' },
) {}

// Inheritance: the rule is declared on a base referrer; the target is a base class too.
class Animal extends Document.define(
  { name: new StringField() },
  { collection: 'dr_animals', allowInheritance: true },
) {}
class Dog extends Animal.define({ breed: new StringField() }) {
  static {
    this.register();
  }
}
class Note extends Document.define(
  { text: new StringField(), about: new ReferenceField(() => Animal, { reverseDeleteRule: CASCADE }) },
  { collection: 'dr_notes', allowInheritance: true },
) {}
class VetNote extends Note.define({ vet: new StringField() }) {
  static {
    this.register();
  }
}

// dbref: true storage.
class DbUser extends Document.define({ name: new StringField() }, { collection: 'dr_dbusers' }) {}
class DbDoc extends Document.define(
  {
    owner: new ReferenceField(() => DbUser, { dbref: true, reverseDeleteRule: CASCADE }),
    reviewer: new ReferenceField(() => DbUser, { dbref: true, reverseDeleteRule: NULLIFY }),
    readers: new ListField(new ReferenceField(() => DbUser, { dbref: true, reverseDeleteRule: PULL })),
  },
  { collection: 'dr_dbdocs' },
) {}

// Generic references to two classes.
class GPost extends Document.define({ title: new StringField() }, { collection: 'dr_gposts' }) {}
class GPhoto extends Document.define({ url: new StringField() }, { collection: 'dr_gphotos' }) {}
class GLike extends Document.define(
  {
    who: new StringField(),
    target: new GenericReferenceField<GPost | GPhoto>({
      choices: [GPost, 'GPhoto'],
      reverseDeleteRule: CASCADE,
    }),
    seen: new ListField(
      new GenericReferenceField<GPost | GPhoto>({ choices: [GPost, GPhoto], reverseDeleteRule: PULL }),
    ),
  },
  { collection: 'dr_glikes' },
) {}

// The newer reference fields.
class KUser extends Document.define({ name: new StringField() }, { collection: 'dr_kusers' }) {}
class KPost extends Document.define(
  {
    author: new CachedReferenceField(() => KUser, { fields: ['name'], reverseDeleteRule: CASCADE }),
    pinned: new GenericLazyReferenceField<KUser>({ choices: [KUser], reverseDeleteRule: NULLIFY }),
  },
  { collection: 'dr_kposts' },
) {}

// A self-reference with DENY: a boss cannot go while someone reports to them.
class Staff extends Document.define(
  {
    name: new StringField(),
    boss: new ReferenceField<Staff>((): unknown => Staff, { reverseDeleteRule: DENY }),
  },
  { collection: 'dr_staff' },
) {}

// No rule anywhere points at Plain.
class Plain extends Document.define({ n: new StringField() }, { collection: 'dr_plain' }) {}
class PlainRef extends Document.define(
  { plain: new ReferenceField(() => Plain, { reverseDeleteRule: DeleteRule.DO_NOTHING }) },
  { collection: 'dr_plain_refs' },
) {}

const ALL = [
  DUser,
  DPost,
  DComment,
  Org,
  Team,
  Member,
  Badge,
  Employee,
  CycA,
  CycB,
  Animal,
  Note,
  DbUser,
  DbDoc,
  GPost,
  GPhoto,
  GLike,
  Plain,
  PlainRef,
  KUser,
  KPost,
  Staff,
];

beforeAll(async () => {
  await connect(uriFor(freshDbName('delrules')));
  // Collections exist before transactions touch them; using each class finalises its rules.
  for (const cls of ALL) await cls._getCollection();
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  const db = getDb();
  await Promise.all(ALL.map((cls) => db.collection(collOf(cls)).deleteMany({})));
});

function collOf(cls: { name: string }): string {
  const names: Record<string, string> = {
    DUser: 'dr_users',
    DPost: 'dr_posts',
    DComment: 'dr_comments',
    Org: 'dr_orgs',
    Team: 'dr_teams',
    Member: 'dr_members',
    Badge: 'dr_badges',
    Employee: 'dr_employees',
    CycA: 'dr_cyc_a',
    CycB: 'dr_cyc_b',
    Animal: 'dr_animals',
    Note: 'dr_notes',
    DbUser: 'dr_dbusers',
    DbDoc: 'dr_dbdocs',
    GPost: 'dr_gposts',
    GPhoto: 'dr_gphotos',
    GLike: 'dr_glikes',
    Plain: 'dr_plain',
    PlainRef: 'dr_plain_refs',
    KUser: 'dr_kusers',
    KPost: 'dr_kposts',
    Staff: 'dr_staff',
  };
  return names[cls.name]!;
}

async function count(coll: string): Promise<number> {
  return getDb().collection(coll).countDocuments();
}

async function rawOf(coll: string, id: unknown): Promise<Record<string, unknown>> {
  return (await getDb()
    .collection(coll)
    .findOne({ _id: id as ObjectId }))!;
}

// --- tests ----------------------------------------------------------------------------------

describe('CASCADE', () => {
  async function blog() {
    const ada = await new DUser({ name: 'Ada' }).save();
    const bob = await new DUser({ name: 'Bob' }).save();
    const p1 = await new DPost({ title: 'a1', author: ada }).save();
    const p2 = await new DPost({ title: 'a2', author: ada }).save();
    const p3 = await new DPost({ title: 'b1', author: bob }).save();
    await new DComment({ text: 'on a1', post: p1 }).save();
    await new DComment({ text: 'on b1', post: p3 }).save();
    return { ada, bob, p1, p2, p3 };
  }

  it('doc.delete() deletes the referrers, recursively', async () => {
    const { ada, p3 } = await blog();
    await ada.delete();
    expect(await count('dr_users')).toBe(1);
    const posts = await DPost.objects().toArray();
    expect(posts.map((p) => p.title)).toEqual(['b1']);
    const comments = await getDb().collection('dr_comments').find().toArray();
    expect(comments.map((c) => c['text'])).toEqual(['on b1']);
    expect((comments[0]!['post'] as ObjectId).equals(p3.id!)).toBe(true);
  });

  it('QuerySet.delete() applies the rules once for the whole set', async () => {
    await blog();
    const n = await DUser.objects({ name__in: ['Ada', 'Bob'] }).delete();
    expect(n).toBe(2);
    expect(await count('dr_users')).toBe(0);
    expect(await count('dr_posts')).toBe(0);
    expect(await count('dr_comments')).toBe(0);
  });

  it('a queryset delete sends a small, fixed number of commands', async () => {
    const users = [];
    for (let i = 0; i < 20; i++) users.push(new DUser({ name: `u${i}` }));
    await DUser.objects().insert(users);
    const posts = users.flatMap((u, i) => [
      new DPost({ title: `p${i}a`, author: u }),
      new DPost({ title: `p${i}b`, author: u }),
    ]);
    await DPost.objects().insert(posts);
    await DComment.objects().insert(posts.map((p) => new DComment({ text: 'c', post: p })));

    const { result, commands } = await queryCounter(() => DUser.objects().delete());
    expect(result).toBe(20);
    expect(await count('dr_posts')).toBe(0);
    expect(await count('dr_comments')).toBe(0);
    const names = commands.map((c) => `${c.name}:${String(c.command[c.name])}`);
    expect(names).toEqual([
      'find:dr_users', // ids to delete
      'find:dr_posts', // CASCADE Post.author
      'find:dr_comments', // CASCADE Comment.post
      'update:dr_posts', // NULLIFY Post.editor
      'update:dr_posts', // PULL Post.tagged
      'update:dr_posts', // NULLIFY Post.watchers
      'delete:dr_comments', // cascaded, deepest first
      'delete:dr_posts',
      'delete:dr_users',
    ]);
    // The plan reads ids only.
    expect(commands[1]!.command['projection']).toEqual({ _id: 1 });
    expect(commands[0]!.command['projection']).toEqual({ _id: 1 });
  });

  it('a class nobody refers to with a rule is deleted with one command', async () => {
    await new Plain({ n: 'x' }).save();
    const { count: sent } = await queryCounter(() => Plain.objects().delete());
    expect(sent).toBe(1);
    const p = await new Plain({ n: 'y' }).save();
    await new PlainRef({ plain: p }).save();
    await p.delete();
    // DO_NOTHING: the reference dangles.
    expect(await count('dr_plain_refs')).toBe(1);
  });

  it('terminates on a self-referencing class (Employee.boss), even with a cycle', async () => {
    const ceo = await new Employee({ name: 'ceo' }).save();
    const vp = await new Employee({ name: 'vp', boss: ceo }).save();
    await new Employee({ name: 'dev', boss: vp }).save();
    const other = await new Employee({ name: 'other' }).save();
    // ceo's boss is the dev: a cycle ceo → vp → dev → ceo.
    const dev = (await Employee.objects({ name: 'dev' }).first())!;
    ceo.boss = dev as never;
    await ceo.save();
    await vp.delete();
    const left = await Employee.objects().toArray();
    expect(left.map((e) => e.name)).toEqual(['other']);
    expect(other.id).toBeDefined();
  });

  it('terminates on a cycle between two classes', async () => {
    const a = await new CycA({ name: 'a' }).save();
    const b = await new CycB({ name: 'b', a }).save();
    a.b = b as never;
    await a.save();
    await new CycA({ name: 'a2', b }).save();
    await CycB.objects().delete();
    expect(await count('dr_cyc_a')).toBe(0);
    expect(await count('dr_cyc_b')).toBe(0);
  });

  it('runs the cascaded class’s delete signals', async () => {
    const { ada } = await blog();
    const seen: string[] = [];
    const handler = ({ document }: { document: object }) => {
      seen.push((document as DPost).title ?? '');
    };
    signals.postDelete.connect(handler, { sender: DPost });
    try {
      await ada.delete();
    } finally {
      signals.postDelete.disconnect(handler, { sender: DPost });
    }
    expect(seen.sort()).toEqual(['a1', 'a2']);
    expect(await count('dr_comments')).toBe(1);
  });

  it('applies rules per document when the deleted class has delete signals', async () => {
    await blog();
    const seen: string[] = [];
    const handler = ({ document }: { document: object }) => {
      seen.push((document as DUser).name);
    };
    signals.preDelete.connect(handler, { sender: DUser });
    try {
      expect(await DUser.objects({ name: 'Ada' }).delete()).toBe(1);
    } finally {
      signals.preDelete.disconnect(handler, { sender: DUser });
    }
    expect(seen).toEqual(['Ada']);
    expect(await count('dr_posts')).toBe(1);
    expect(await count('dr_comments')).toBe(1);
  });
});

describe('NULLIFY and PULL', () => {
  it('unsets a single reference and pulls the id from a list', async () => {
    const ada = await new DUser({ name: 'Ada' }).save();
    const bob = await new DUser({ name: 'Bob' }).save();
    const post = await new DPost({ title: 't', author: bob, editor: ada, tagged: [ada, bob] }).save();
    await ada.delete();
    const raw = await rawOf('dr_posts', post.id);
    expect('editor' in raw).toBe(false);
    expect((raw['tagged'] as ObjectId[]).map(String)).toEqual([String(bob.id)]);
    expect((raw['author'] as ObjectId).equals(bob.id!)).toBe(true);
  });

  it('NULLIFY on a list unsets the whole list, as MongoEngine does', async () => {
    const ada = await new DUser({ name: 'Ada' }).save();
    const bob = await new DUser({ name: 'Bob' }).save();
    const cy = await new DUser({ name: 'Cy' }).save();
    const post = await new DPost({ title: 't', author: cy, watchers: [ada, bob] }).save();
    const other = await new DPost({ title: 'o', author: cy, watchers: [bob] }).save();
    await DUser.objects({ name: 'Ada' }).delete();
    expect('watchers' in (await rawOf('dr_posts', post.id))).toBe(false);
    expect(((await rawOf('dr_posts', other.id))['watchers'] as unknown[]).length).toBe(1);
  });

  it('leaves documents that do not refer to the deleted one untouched', async () => {
    const ada = await new DUser({ name: 'Ada' }).save();
    const bob = await new DUser({ name: 'Bob' }).save();
    const post = await new DPost({ title: 't', author: bob, editor: bob, tagged: [bob] }).save();
    await ada.delete();
    const raw = await rawOf('dr_posts', post.id);
    expect((raw['editor'] as ObjectId).equals(bob.id!)).toBe(true);
    expect(raw['tagged']).toHaveLength(1);
  });
});

describe('DENY', () => {
  async function chain() {
    const org = await new Org({ name: 'acme' }).save();
    const t1 = await new Team({ name: 't1', org }).save();
    const t2 = await new Team({ name: 't2', org }).save();
    const m1 = await new Member({ name: 'm1', team: t1 }).save();
    await new Member({ name: 'm2', team: t2 }).save();
    await new Member({ name: 'm3', team: t2 }).save();
    return { org, t1, t2, m1 };
  }

  async function counts() {
    return Promise.all(['dr_orgs', 'dr_teams', 'dr_members', 'dr_badges'].map(count));
  }

  it('blocks a whole CASCADE chain; nothing at all is deleted', async () => {
    const { org, m1 } = await chain();
    await new Badge({ label: 'gold', member: m1 }).save();
    await expect(org.delete()).rejects.toThrow(OperationError);
    await expect(org.delete()).rejects.toThrow(
      'Could not delete document (Badge.member refers to it: 1 document)',
    );
    expect(await counts()).toEqual([1, 2, 3, 1]);
    await expect(Org.objects().delete()).rejects.toThrow(/Badge\.member/);
    expect(await counts()).toEqual([1, 2, 3, 1]);
  });

  it('names the count of referrers, and lets the delete through once they are gone', async () => {
    const { m1 } = await chain();
    await new Badge({ label: 'a', member: m1 }).save();
    await new Badge({ label: 'b', member: m1 }).save();
    await expect(m1.delete()).rejects.toThrow('Badge.member refers to it: 2 documents');
    await Badge.objects().delete();
    await m1.delete();
    expect(await count('dr_members')).toBe(2);
  });

  it('cascades normally when no DENY referrer exists', async () => {
    const { org } = await chain();
    await org.delete();
    expect(await counts()).toEqual([0, 0, 0, 0]);
  });
});

describe('inheritance', () => {
  it('a rule on a base referrer covers its subclasses; a rule on a base target covers subclass targets', async () => {
    const rex = await new Dog({ name: 'rex', breed: 'lab' }).save();
    const tom = await new Animal({ name: 'tom' }).save();
    await new Note({ text: 'n', about: rex }).save();
    await new VetNote({ text: 'v', about: rex, vet: 'Dr X' }).save();
    await new VetNote({ text: 'w', about: tom, vet: 'Dr Y' }).save();
    await rex.delete();
    const left = await Note.objects().toArray();
    expect(left.map((n) => n.text)).toEqual(['w']);
    expect(left[0]).toBeInstanceOf(VetNote);
    await Dog.objects().delete();
    await Animal.objects().delete();
    expect(await count('dr_notes')).toBe(0);
  });
});

describe('dbref: true', () => {
  it('queries, unsets and pulls the stored DBRef', async () => {
    const ada = await new DbUser({ name: 'Ada' }).save();
    const bob = await new DbUser({ name: 'Bob' }).save();
    const d1 = await new DbDoc({ owner: bob, reviewer: ada, readers: [ada, bob] }).save();
    await new DbDoc({ owner: ada }).save();
    expect((await rawOf('dr_dbdocs', d1.id))['owner']).toBeInstanceOf(DBRef);
    await DbUser.objects({ name: 'Ada' }).delete();
    expect(await count('dr_dbdocs')).toBe(1);
    const raw = await rawOf('dr_dbdocs', d1.id);
    expect('reviewer' in raw).toBe(false);
    expect((raw['readers'] as DBRef[]).map((r) => String(r.oid))).toEqual([String(bob.id)]);
  });
});

describe('generic references', () => {
  it('CASCADE and PULL for references to two classes (with choices)', async () => {
    const post = await new GPost({ title: 'p' }).save();
    const photo = await new GPhoto({ url: 'u' }).save();
    const photo2 = await new GPhoto({ url: 'v' }).save();
    await new GLike({ who: 'a', target: post, seen: [photo] }).save();
    await new GLike({ who: 'b', target: photo }).save();
    const keep = await new GLike({ who: 'c', target: photo2, seen: [post, photo2] }).save();
    await photo.delete();
    const left = await GLike.objects().orderBy('who').toArray();
    expect(left.map((l) => l.who)).toEqual(['a', 'c']);
    expect(((await rawOf('dr_glikes', left[0]!.id))['seen'] as unknown[]).length).toBe(0);
    await GPost.objects().delete();
    const raw = await rawOf('dr_glikes', keep.id);
    expect((raw['seen'] as { _cls: string }[]).map((s) => s._cls)).toEqual(['GPhoto']);
    expect(await count('dr_glikes')).toBe(1);
  });
});

describe('CachedReferenceField and GenericLazyReferenceField', () => {
  // A CachedReferenceField cannot be a list item (its copies are synced as one sub-document).
  it('CASCADE on the cached _id, NULLIFY a generic lazy one', async () => {
    const ada = await new KUser({ name: 'Ada' }).save();
    const bob = await new KUser({ name: 'Bob' }).save();
    await new KPost({ author: ada }).save();
    const kept = await new KPost({ author: bob, pinned: ada }).save();
    await ada.delete();
    expect(await count('dr_kposts')).toBe(1);
    const raw = await rawOf('dr_kposts', kept.id);
    expect((raw['author'] as { name: string }).name).toBe('Bob');
    expect('pinned' in raw).toBe(false);
  });
});

describe('DENY on a self-reference', () => {
  it('refuses to delete a boss alone, but allows deleting the whole team (referrers that go too do not count)', async () => {
    const boss = await new Staff({ name: 'boss' }).save();
    await new Staff({ name: 'a', boss }).save();
    await new Staff({ name: 'b', boss }).save();
    await expect(boss.delete()).rejects.toThrow('Staff.boss refers to it: 2 documents');
    await expect(Staff.objects({ name__in: ['boss', 'a'] }).delete()).rejects.toThrow(
      'Staff.boss refers to it: 1 document',
    );
    expect(await count('dr_staff')).toBe(3);
    expect(await Staff.objects().delete()).toBe(3);
  });
});

describe('transactions', () => {
  async function data() {
    const org = await new Org({ name: 'acme' }).save();
    const team = await new Team({ name: 't', org }).save();
    await new Member({ name: 'm', team }).save();
    return org;
  }

  it('rolls the whole cascade back when the callback throws after the delete', async () => {
    const org = await data();
    class Boom extends Error {}
    await expect(
      runInTransaction(async () => {
        await org.delete();
        // Inside the transaction the cascade is visible…
        expect(await Member.objects().count()).toBe(0);
        throw new Boom('after the delete');
      }),
    ).rejects.toBeInstanceOf(Boom);
    // …and after the abort nothing changed in any collection.
    expect(await Promise.all(['dr_orgs', 'dr_teams', 'dr_members'].map(count))).toEqual([1, 1, 1]);
  });

  it('commits a cascading queryset delete', async () => {
    await data();
    const n = await runInTransaction(() => Org.objects().delete());
    expect(n).toBe(1);
    expect(await Promise.all(['dr_orgs', 'dr_teams', 'dr_members'].map(count))).toEqual([0, 0, 0]);
  });

  it('a DENY inside a transaction aborts with nothing changed', async () => {
    const org = await data();
    const m = (await Member.objects().first())!;
    await new Badge({ label: 'x', member: m }).save();
    await expect(runInTransaction(() => org.delete())).rejects.toThrow(/Badge\.member/);
    expect(await Promise.all(['dr_orgs', 'dr_teams', 'dr_members', 'dr_badges'].map(count))).toEqual([
      1, 1, 1, 1,
    ]);
  });
});

describe('lookups', () => {
  it('uses fresh ids so unrelated documents survive', async () => {
    const u = await new DUser({ name: 'x' }).save();
    await new DPost({ title: 'stray', author: new ObjectId() as never }).save();
    await u.delete();
    expect(await count('dr_posts')).toBe(1);
  });
});
