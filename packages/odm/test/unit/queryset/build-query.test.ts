import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/index.js';
import { IntField } from '../../../src/fields/int-field.js';
import { StringField } from '../../../src/fields/string-field.js';
import { andFilters, clsCondition, findOptions, queryFilter } from '../../../src/queryset/build-query.js';
import { prefixStages } from '../../../src/queryset/query-aggregates.js';
import { Q } from '../../../src/queryset/q.js';

class Item extends Document.define(
  { name: new StringField(), qty: new IntField() },
  { ordering: ['-qty'], allowInheritance: true },
) {}
class Gadget extends Item.define({ volts: new IntField() }) {
  static {
    this.register();
  }
}
class Flat extends Document.define({ n: new IntField() }) {}

describe('andFilters', () => {
  it('merges disjoint filters and wraps conflicting ones in $and', () => {
    expect(andFilters([])).toEqual({});
    expect(andFilters([{}, { a: 1 }])).toEqual({ a: 1 });
    expect(andFilters([{ a: 1 }, { b: 2 }])).toEqual({ a: 1, b: 2 });
    expect(andFilters([{ a: 1 }, { a: 2 }])).toEqual({ $and: [{ a: 1 }, { a: 2 }] });
    expect(andFilters([{ $or: [{ a: 1 }] }, { $or: [{ b: 1 }] }])).toEqual({
      $and: [{ $or: [{ a: 1 }] }, { $or: [{ b: 1 }] }],
    });
  });
});

describe('queryFilter', () => {
  it('ANDs every filter call, Q trees included, then adds _cls', () => {
    const qs = Item.objects({ qty__gte: 2 })
      .filter(Q.or({ name: 'a' }, { name: 'b' }))
      .filter({ qty__lt: 9 });
    expect(queryFilter(qs.state)).toEqual({
      $and: [
        { qty: { $gte: 2 } },
        { $or: [{ name: 'a' }, { name: 'b' }] },
        { qty: { $lt: 9 } },
        { _cls: { $in: ['Item', 'Item.Gadget'] } },
      ],
    });
    expect(queryFilter(Flat.objects({ n: 1 }).state)).toEqual({ n: 1 });
  });

  it('restricts _cls to one class for subclasses and noSubClasses()', () => {
    expect(clsCondition(Gadget.objects().state)).toEqual({ _cls: 'Item.Gadget' });
    expect(clsCondition(Item.objects().noSubClasses().state)).toEqual({ _cls: 'Item' });
    expect(clsCondition(Flat.objects().state)).toBeUndefined();
  });
});

describe('findOptions', () => {
  it('uses meta ordering unless orderBy() was called, and drops limit(0)', () => {
    expect(findOptions(Flat.objects().state)).toEqual({});
    expect(findOptions(Item.objects().limit(0).skip(3).state)).toEqual({ sort: { qty: -1 }, skip: 3 });
    expect(findOptions(Item.objects().orderBy().only('name').limit(2).state)).toEqual({
      projection: { name: 1, _cls: 1 },
      limit: 2,
    });
  });
});

describe('prefixStages', () => {
  it('puts $match, explicit $sort, $limit (limit + skip) and $skip first', () => {
    expect(prefixStages(Flat.objects({ n__gt: 1 }).orderBy('-n').skip(2).limit(3).state)).toEqual([
      { $match: { n: { $gt: 1 } } },
      { $sort: { n: -1 } },
      { $limit: 5 },
      { $skip: 2 },
    ]);
    // Meta ordering is not applied to aggregations (as in MongoEngine).
    expect(prefixStages(Item.objects().noSubClasses().state)).toEqual([{ $match: { _cls: 'Item' } }]);
  });
});
