/**
 * Every lookup operator executed against the server: each test runs `objects({...})` on a small
 * fixture (stored with the raw driver, so stored shapes are exact) and asserts which documents
 * come back, so a wrong compile fails. Geo operators and `searchText` are executed in the
 * geo/text issue, which adds them to the memory server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Double, Int32, ObjectId } from 'mongodb';
import {
  DateTimeField,
  DictField,
  Document,
  EmbeddedDocument,
  EmbeddedDocumentField,
  EnumField,
  type FilterQueryOf,
  type RawQuery,
  FloatField,
  IntField,
  ListField,
  ObjectIdField,
  Q,
  StringField,
  connect,
  disconnectAll,
  getDb,
  raw,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';

class OpAddress extends EmbeddedDocument.define({
  city: new StringField({ dbField: 'c' }),
  zip: new StringField(),
}) {}

class OpComment extends EmbeddedDocument.define({ author: new StringField(), votes: new IntField() }) {}

const Status = { Draft: 'draft', Live: 'live' } as const;

class OpUser extends Document.define(
  {
    name: new StringField({ required: true }),
    bio: new StringField(),
    nick: new StringField({ dbField: 'n' }),
    age: new IntField({ min: 0 }),
    score: new FloatField(),
    born: new DateTimeField(),
    status: new EnumField(Status),
    owner: new ObjectIdField(),
    address: new EmbeddedDocumentField(OpAddress, { dbField: 'addr' }),
    tags: new ListField(new StringField()),
    scores: new ListField(new IntField()),
    comments: new ListField(new EmbeddedDocumentField(OpComment)),
    settings: new DictField(),
  },
  { collection: 'op_users' },
) {}

const ids = { ada: new ObjectId(), bob: new ObjectId(), cy: new ObjectId(), dee: new ObjectId() };
const owner = new ObjectId();

beforeAll(async () => {
  await connect(uriFor(freshDbName('qsops')));
  await getDb()
    .collection('op_users')
    .insertMany([
      {
        _id: ids.ada,
        name: 'Ada',
        bio: 'Loves math.',
        n: 'ada',
        age: 36,
        score: new Double(1.5),
        born: new Date('1990-01-01T00:00:00Z'),
        status: 'live',
        owner,
        addr: { c: 'Paris', zip: '75001' },
        tags: ['db', 'js'],
        scores: [1, 5, 9],
        comments: [
          { author: 'bob', votes: 3 },
          { author: 'cy', votes: 1 },
        ],
        settings: { theme: 'dark', lang: 'fr' },
      },
      {
        _id: ids.bob,
        name: 'Bob',
        bio: 'mathematician',
        n: 'Bobby',
        age: 25,
        score: new Int32(2),
        born: new Date('2000-06-15T00:00:00Z'),
        status: 'draft',
        addr: { c: 'London', zip: 'SW1' },
        tags: ['db'],
        scores: [2, 4],
        comments: [{ author: 'ada', votes: 5 }],
        settings: { theme: 'light' },
      },
      {
        _id: ids.cy,
        name: 'Cy',
        bio: 'A.B. test',
        age: 17,
        born: new Date('2008-03-01T00:00:00Z'),
        status: 'live',
        addr: { c: 'paris' },
        tags: [],
        scores: [],
        comments: [],
        settings: {},
      },
      { _id: ids.dee, name: 'Dee', tags: ['js', 'db', 'go'], scores: [10], settings: {} },
    ]);
});
afterAll(() => disconnectAll());

type Arg = FilterQueryOf<typeof OpUser> | Q<FilterQueryOf<typeof OpUser>> | RawQuery;

/** The names of the matching documents, sorted; checks count() agrees. */
async function names(query: Arg): Promise<string[]> {
  const docs = await OpUser.objects(query).toArray();
  expect(await OpUser.objects(query).count()).toBe(docs.length);
  return docs.map((d) => d.name!).sort();
}

async function check(cases: readonly (readonly [Arg, readonly string[]])[]): Promise<void> {
  for (const [query, expected] of cases) {
    expect(await names(query), JSON.stringify(query)).toEqual(expected);
  }
}

describe('comparison, list and shape operators', () => {
  it('ne lt lte gt gte', async () => {
    await check([
      [{ age: 25 }, ['Bob']],
      [{ age__ne: 25 }, ['Ada', 'Cy', 'Dee']],
      [{ age__lt: 25 }, ['Cy']],
      [{ age__lte: 25 }, ['Bob', 'Cy']],
      [{ age__gt: 25 }, ['Ada']],
      [{ age__gte: 25 }, ['Ada', 'Bob']],
      [{ age__gte: 18, age__lte: 30 }, ['Bob']],
      [{ name__gt: 'Bob' }, ['Cy', 'Dee']],
    ]);
  });

  it('in nin mod all size exists', async () => {
    await check([
      [{ age__in: [17, 36] }, ['Ada', 'Cy']],
      [{ age__nin: [17, 36] }, ['Bob', 'Dee']],
      [{ name__in: [] }, []],
      [{ age__mod: [5, 0] }, ['Bob']],
      [{ age__mod: [2, 0] }, ['Ada']],
      [{ tags__all: ['db', 'js'] }, ['Ada', 'Dee']],
      [{ tags__size: 1 }, ['Bob']],
      [{ tags__size: 0 }, ['Cy']],
      [{ age__exists: false }, ['Dee']],
      [{ address__exists: true }, ['Ada', 'Bob', 'Cy']],
      [{ tags: 'go' }, ['Dee']],
      [{ scores__gt: 8 }, ['Ada', 'Dee']],
    ]);
  });

  it('type', async () => {
    await check([
      [{ score__type: 'double' }, ['Ada']],
      [{ score__type: 'int' }, ['Bob']],
      [{ score__type: 1 }, ['Ada']],
      [{ owner__type: 'objectId' }, ['Ada']],
    ]);
  });
});

describe('string operators', () => {
  it('exact iexact contains icontains startswith istartswith endswith iendswith', async () => {
    await check([
      [{ name__exact: 'Ada' }, ['Ada']],
      [{ name__exact: 'Ad' }, []],
      [{ name__iexact: 'ada' }, ['Ada']],
      [{ name__contains: 'o' }, ['Bob']],
      [{ name__contains: 'O' }, []],
      [{ name__icontains: 'D' }, ['Ada', 'Dee']],
      [{ name__startswith: 'B' }, ['Bob']],
      [{ name__startswith: 'b' }, []],
      [{ name__istartswith: 'b' }, ['Bob']],
      [{ name__endswith: 'e' }, ['Dee']],
      [{ name__iendswith: 'E' }, ['Dee']],
      [{ tags__icontains: 'G' }, ['Dee']],
    ]);
  });

  it('escapes the operand, so metacharacters match literally', async () => {
    await check([
      [{ bio__contains: '.' }, ['Ada', 'Cy']],
      [{ bio__contains: 'A.B' }, ['Cy']],
      [{ bio__contains: '.*' }, []],
      [{ bio__icontains: 'a.b.' }, ['Cy']],
      [{ name__startswith: '^' }, []],
    ]);
  });

  it('wholeword iwholeword regex iregex', async () => {
    await check([
      [{ bio__wholeword: 'math' }, ['Ada']],
      [{ bio__wholeword: 'Math' }, []],
      [{ bio__iwholeword: 'MATH' }, ['Ada']],
      [{ bio__contains: 'math' }, ['Ada', 'Bob']],
      [{ name__regex: '^[AB]' }, ['Ada', 'Bob']],
      [{ name__regex: '^[ab]' }, []],
      [{ name__iregex: '^[ab]' }, ['Ada', 'Bob']],
      [{ bio__regex: '\\.$' }, ['Ada']],
    ]);
  });

  it('mixes a string lookup with other operators on one field', async () => {
    await check([
      [{ name__startswith: 'A', name__ne: 'Ada' }, []],
      [{ name__istartswith: 'b', name__ne: 'Ada' }, ['Bob']],
      [{ name: 'Ada', name__exact: 'Bob' }, []],
    ]);
  });
});

describe('not__ combinations', () => {
  it('negates comparison, list, shape and string lookups', async () => {
    await check([
      [{ age__not: 25 }, ['Ada', 'Cy', 'Dee']],
      [{ age__not__gt: 25 }, ['Bob', 'Cy', 'Dee']],
      [{ age__not__in: [17, 36] }, ['Bob', 'Dee']],
      [{ age__not__mod: [5, 0] }, ['Ada', 'Cy', 'Dee']],
      [{ tags__not__size: 0 }, ['Ada', 'Bob', 'Dee']],
      [{ tags__not__all: ['db', 'js'] }, ['Bob', 'Cy']],
      [{ name__not__istartswith: 'a' }, ['Bob', 'Cy', 'Dee']],
      [{ name__not__exact: 'Ada' }, ['Bob', 'Cy', 'Dee']],
      [{ bio__not__contains: '.' }, ['Bob', 'Dee']],
      [{ name__not__regex: '^[AB]' }, ['Cy', 'Dee']],
      [{ score__not__type: 'double' }, ['Bob', 'Cy', 'Dee']],
      [{ comments__not__match: { votes__gte: 3 } }, ['Cy', 'Dee']],
    ]);
  });
});

describe('paths', () => {
  it('embedded paths use db names', async () => {
    await check([
      [{ address__city: 'Paris' }, ['Ada']],
      [{ address__city__iexact: 'paris' }, ['Ada', 'Cy']],
      [{ address__zip__startswith: '75' }, ['Ada']],
      [{ address__zip__exists: false }, ['Cy', 'Dee']],
      [{ address: new OpAddress({ city: 'London', zip: 'SW1' }) }, ['Bob']],
    ]);
  });

  it('list index paths and members of list items', async () => {
    await check([
      [{ comments__0__author: 'bob' }, ['Ada']],
      [{ comments__1__author: 'cy' }, ['Ada']],
      [{ comments__0__author: 'cy' }, []],
      [{ comments__author: 'ada' }, ['Bob']],
      [{ comments__0__votes__gte: 3 }, ['Ada', 'Bob']],
      [{ tags__0: 'js' }, ['Dee']],
      [{ tags__1__exists: true }, ['Ada', 'Dee']],
    ]);
  });

  it('pk, id and db-field names', async () => {
    await check([
      [{ pk: ids.ada }, ['Ada']],
      [{ pk: ids.bob.toHexString() }, ['Bob']],
      [{ id: ids.cy }, ['Cy']],
      [{ pk__in: [ids.ada, ids.dee.toHexString()] }, ['Ada', 'Dee']],
      [{ pk__ne: ids.ada }, ['Bob', 'Cy', 'Dee']],
      [{ nick: 'ada' }, ['Ada']],
      [{ nick__icontains: 'BOB' }, ['Bob']],
      [{ nick__exists: false }, ['Cy', 'Dee']],
    ]);
  });

  it('dict keys', async () => {
    await check([
      [{ settings__theme: 'dark' }, ['Ada']],
      [{ settings__theme__in: ['dark', 'light'] }, ['Ada', 'Bob']],
      [{ settings__lang__exists: true }, ['Ada']],
      [{ settings__theme__istartswith: 'L' }, ['Bob']],
    ]);
  });

  it('casts values by their field', async () => {
    await check([
      [{ born__gte: '2000-01-01' }, ['Bob', 'Cy']],
      [{ born__lt: new Date('2000-01-01T00:00:00Z') }, ['Ada']],
      [{ status: Status.Live }, ['Ada', 'Cy']],
      [{ status__ne: 'live' }, ['Bob', 'Dee']],
      [{ owner: owner.toHexString() }, ['Ada']],
    ]);
  });
});

describe('match / elemMatch', () => {
  it('matches one list item against a sub-query', async () => {
    await check([
      [{ comments__match: { author: 'bob', votes__gte: 3 } }, ['Ada']],
      // Without elemMatch the two conditions may match different items.
      [{ comments__match: { author: 'cy', votes__gte: 3 } }, []],
      [{ comments__author: 'cy', comments__votes__gte: 3 }, ['Ada']],
      [{ comments__elemMatch: Q.or({ author: 'ada' }, { votes__lt: 2 }) }, ['Ada', 'Bob']],
      [{ scores__elemMatch: { gte: 3, lt: 5 } }, ['Bob']],
      [{ scores__match: { gt: 9 } }, ['Dee']],
    ]);
  });
});

describe('Q combinations and raw filters', () => {
  it('or / and / not and their nesting', async () => {
    await check([
      [Q.or({ age__lt: 18 }, { tags: 'go' }), ['Cy', 'Dee']],
      [Q.and({ age__gte: 18 }, { age__lt: 30 }), ['Bob']],
      [Q.not({ tags: 'db' }), ['Cy']],
      [Q.not(Q.or({ name: 'Ada' }, { name: 'Bob' })), ['Cy', 'Dee']],
      [new Q({ tags: 'db' }).and(Q.or({ name: 'Ada' }, { age__exists: false })), ['Ada', 'Dee']],
      [new Q({ name: 'Ada' }).or({ address__city: 'London' }).not(), ['Cy', 'Dee']],
      [Q.or(raw({ age: { $gt: 30 } }), { name: 'Cy' }), ['Ada', 'Cy']],
    ]);
    expect(
      (
        await OpUser.objects({ tags: 'db' })
          .filter(Q.or({ age__lt: 30 }, { age__exists: false }))
          .toArray()
      )
        .map((d) => d.name)
        .sort(),
    ).toEqual(['Bob', 'Dee']);
  });

  it('raw() and __raw__ pass a MongoDB filter through', async () => {
    await check([
      [raw({ age: { $gt: 30 } }), ['Ada']],
      [raw({ 'addr.c': 'Paris' }), ['Ada']],
      [{ tags: 'db', __raw__: { age: { $lt: 30 } } }, ['Bob']],
      [{ __raw__: { $expr: { $gt: [{ $size: '$tags' }, 2] } } }, ['Dee']],
    ]);
    expect(
      (
        await OpUser.objects({ age__gte: 20 })
          .filter(raw({ tags: 'js' }))
          .toArray()
      ).map((d) => d.name),
    ).toEqual(['Ada']);
  });

  // Geo operators (geoWithin…, near, maxDistance) and searchText are executed in the geo/text issue.
});
