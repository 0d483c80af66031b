import { inspect } from 'node:util';
import { compileFilter, raw } from '../src/queryset/filter/index.js';
import { compileUpdate } from '../src/queryset/update/index.js';
import { compileOrdering, compileProjection } from '../src/queryset/projection/index.js';
import { Q } from '../src/queryset/q.js';
import { QUser } from '../test/unit/queryset/filter-models.js';
const show = (v: unknown) => inspect(v, { depth: 10, breakLength: 200 });
const filters: Record<string, unknown>[] = [
  { name: 'Ada' }, { age__ne: 30 }, { age__lt: 30 }, { age__lte: 30 }, { age__gt: 30 }, { age__gte: 18, age__lte: 65 },
  { age__in: [1, 2] }, { age__nin: [1, 2] }, { age__mod: [5, 0] }, { tags__all: ['a', 'b'] }, { tags__size: 2 },
  { age__exists: true }, { age__type: 'int' }, { age__not__gt: 5 }, { name__not__istartswith: 'a' },
  { name__exact: 'Ada' }, { name__iexact: 'ada' }, { name__contains: 'd' }, { name__icontains: 'D' },
  { name__startswith: 'A' }, { name__istartswith: 'a' }, { name__endswith: 'a' }, { name__iendswith: 'A' },
  { name__wholeword: 'Ada' }, { name__iwholeword: 'ada' }, { name__regex: '^A.a$' }, { name__iregex: '^a' },
  { name__icontains: 'a.b' },
  { address__city: 'Paris' }, { comments__0__author: 'ada' }, { comments__author: 'ada' }, { tags: 'vip' }, { tags__0: 'vip' },
  { settings__theme: 'dark' }, { owner: '64b7f0c2a1b2c3d4e5f60718' }, { born__gte: '2020-01-01' },
  { comments__match: { author: 'ada', votes__gte: 2 } }, { scores__elemMatch: { gte: 2, lt: 5 } },
  { location__geoWithin: [[[0, 0], [0, 1], [1, 1], [0, 0]]] }, { location__geoWithinBox: [[0, 0], [1, 1]] },
  { location__geoWithinPolygon: [[0, 0], [0, 1], [1, 1]] }, { location__geoWithinCenter: [[0, 0], 2] },
  { location__geoWithinSphere: [[0, 0], 0.1] }, { area__geoIntersects: [[1, 2], [3, 4]] },
  { location__near: [2.35, 48.85], location__maxDistance: 1000, location__minDistance: 10 },
  { location__nearSphere: [2.35, 48.85] }, { legacy__near: [1, 2], legacy__maxDistance: 3 },
  { age: 3, __raw__: { $expr: { $gt: ['$a', '$b'] } } },
];
for (const q of filters) console.log('F', show(q), '=>', show(compileFilter(QUser, q)));
console.log('Q1', show(Q.or({ age__lt: 13 }, { tags: 'vip' }).toFilter(QUser)));
console.log('Q2', show(new Q({ age__gte: 18 }).and(Q.or({ name: 'a' }, { name: 'b' })).toFilter(QUser)));
console.log('Q3', show(Q.not({ tags: 'vip' }).toFilter(QUser)));
console.log('R', show(compileFilter(QUser, raw({ $where: 'this.a > this.b' }))));
const updates: Record<string, unknown>[] = [
  { name: 'Ada' }, { set__address__city: 'Paris' }, { unset__age: true }, { inc__age: 1 }, { dec__age: 2 }, { mul__age: 2 },
  { min__age: 0 }, { max__age: 99 }, { push__tags: 'a' }, { push__tags: ['a', 'b'] }, { push__tags__0: 'first' },
  { pushAll__tags: ['a', 'b'] }, { pull__tags: 'a' }, { pull__tags__in: ['a', 'b'] }, { pull__scores: { lt: 5 } },
  { pull__comments: { author: 'spam' } }, { pullAll__tags: ['a'] }, { addToSet__tags: 'a' }, { addToSet__tags: ['a', 'b'] },
  { pop__tags: 1 }, { rename__age: 'years' }, { setOnInsert__name: 'x' }, { currentDate__born: true },
  { inc__comments__S__votes: 1 }, { 'set__tags__$[]': 'x' },
];
for (const u of updates) console.log('U', show(u), '=>', show(compileUpdate(QUser, u).update));
console.log('AF', show(compileUpdate(QUser, { 'set__scores__$[g]': 100 }, { arrayFilters: [{ g__gte: 85 }] })));
console.log('O', show(compileOrdering(QUser, ['-age', 'name', 'address__city'])));
console.log('P', show(compileProjection(QUser, { only: ['name', 'address__city'], slices: { comments: 5 } })));
console.log('P2', show(compileProjection(QUser, { exclude: ['comments'], elemMatch: { scores: { gte: 3 } } })));
