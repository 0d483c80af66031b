import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/usage-errors.js';
import { DictField, MapField } from '../../../src/fields/dict-field.js';
import { DynamicField } from '../../../src/fields/dynamic-field.js';
import { EmbeddedDocumentField } from '../../../src/fields/embedded-document-field.js';
import { setEmbeddedClassResolver } from '../../../src/fields/embedded-protocol.js';
import { IntField } from '../../../src/fields/int-field.js';
import { ListField, SortedListField } from '../../../src/fields/list-field.js';
import { StringField } from '../../../src/fields/string-field.js';
import { TrackedList, isTracked } from '../../../src/fields/tracked.js';
import { FakeAddress } from './fake-embedded.js';

function sink() {
  const paths: string[] = [];
  return { paths, markChanged: (p: string) => paths.push(p) };
}
const codes = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.path}:${i.code}`);

describe('ListField', () => {
  const tags = new ListField(new StringField({ maxLength: 3 }), { maxLength: 2 }).bind('tags', 'Post');

  it('defaults to a fresh empty list; required means non-empty', () => {
    expect(tags.getDefault()).toEqual([]);
    expect(tags.getDefault()).not.toBe(tags.getDefault());
    expect(tags.hasDefault).toBe(true);
    const req = new ListField(new IntField(), { required: true });
    expect(req.checkRequired([], 'n')?.code).toBe('required');
    expect(req.checkRequired([1], 'n')).toBeUndefined();
  });

  it('validates the list and each item with indexed paths', () => {
    expect(codes(tags.validate(['a', 'toolong', 'b'], 'tags'))).toEqual([
      'tags:max_length',
      'tags.1:max_length',
    ]);
    expect(codes(tags.validate('a', 'tags'))).toEqual(['tags:type']);
    const withChoices = new ListField(new StringField(), { choices: ['a', 'b'] });
    expect(codes(withChoices.validate(['a', 'c'], 'l'))).toEqual(['l.1:choices']);
  });

  it('loads into a tracked list and converts items both ways', () => {
    const s = sink();
    const nums = new ListField(new IntField()).bind('n', 'T');
    const loaded = nums.toJs([1, 2], { sink: s, path: 'n' }) as number[];
    expect(isTracked(loaded)).toBe(true);
    loaded.push(3);
    loaded[0] = 9;
    expect(s.paths).toEqual(['n', 'n.0']);
    expect(nums.toMongo(loaded)).toEqual([9, 2, 3]);
    expect(isTracked(nums.toMongo(loaded))).toBe(false);
    const attached = nums.attach(nums.cast(['4']), { sink: s, path: 'n' }) as unknown[];
    expect(attached).toBeInstanceOf(TrackedList);
    expect([...attached]).toEqual([4]);
  });

  it('nests: a list of lists reports a.2.b-style paths', () => {
    const s = sink();
    const grid = new ListField(new ListField(new IntField())).bind('grid', 'T');
    const g = grid.toJs([[1], [2], [3]], { sink: s, path: 'grid' }) as number[][];
    g[2]!.push(4);
    g[2]![0] = 0;
    expect(s.paths).toEqual(['grid.2', 'grid.2.0']);
  });

  it('prepares queries: single item, whole list, $in/$all, size, and rejects operators', () => {
    const nums = new ListField(new IntField()).bind('n', 'T');
    expect(nums.prepareQueryValue(undefined, '3')).toBe(3);
    expect(nums.prepareQueryValue(undefined, ['1', 2])).toEqual([1, 2]);
    expect(nums.prepareQueryValue('all', [1, '2'])).toEqual([1, 2]);
    expect(nums.prepareQueryValue('size', 2)).toBe(2);
    expect(() => nums.prepareQueryValue(undefined, { $gt: 1 })).toThrow(InvalidQueryError);
    expect(() => nums.prepareQueryValue('in', [{ $gt: 1 }])).toThrow(InvalidQueryError);
    expect(tags.prepareQueryValue('icontains', 'x')).toEqual(/x/i);
  });

  it('SortedListField sorts on write, by key and reversed', () => {
    expect(new SortedListField(new IntField()).toMongo([3, 1, 2])).toEqual([1, 2, 3]);
    expect(new SortedListField(new IntField(), { reverse: true }).toMongo([3, 1, 2])).toEqual([3, 2, 1]);
    const byCity = new SortedListField(new EmbeddedDocumentField(FakeAddress), { ordering: 'city' });
    const out = byCity.toMongo([new FakeAddress({ city: 'b' }), new FakeAddress({ city: 'a' })]);
    expect(out).toEqual([{ city: 'a' }, { city: 'b' }]);
  });
});

describe('DictField and MapField', () => {
  it('tracks key sets/deletes and converts typed values', () => {
    const s = sink();
    const counts = new MapField(new IntField()).bind('counts', 'T');
    const d = counts.toJs({ a: 1 }, { sink: s, path: 'counts' }) as Record<string, number>;
    d['b'] = '2' as never;
    delete d['a'];
    expect(s.paths).toEqual(['counts.b', 'counts.a']);
    expect(counts.toMongo(d)).toEqual({ b: 2 });
    expect(counts.getDefault()).toEqual({});
  });

  it('validates keys and values', () => {
    const counts = new MapField(new IntField({ min: 0 }));
    expect(codes(counts.validate({ a: -1, $b: 1, 'c.d': 1 }, 'm'))).toEqual([
      'm.a:min_value',
      'm.$b:key',
      'm.c.d:key',
    ]);
    expect(codes(new DictField().validate([1], 'm'))).toEqual(['m:type']);
    expect(new DictField({ required: true }).checkRequired({}, 'm')?.code).toBe('required');
  });

  it('untyped dicts hold any values, nested containers tracked', () => {
    const s = sink();
    const f = new DictField().bind('meta', 'T');
    const d = f.toJs({ tags: ['a'], n: { x: 1 } }, { sink: s, path: 'meta' }) as {
      tags: string[];
      n: { x: number };
    };
    d.tags.push('b');
    d.n.x = 2;
    expect(s.paths).toEqual(['meta.tags', 'meta.n.x']);
    expect(f.toMongo(d)).toEqual({ tags: ['a', 'b'], n: { x: 2 } });
  });

  it('prepares queries and blocks operator objects inside whole-dict values', () => {
    const f = new DictField().bind('meta', 'T');
    expect(f.prepareQueryValue(undefined, { a: 1 })).toEqual({ a: 1 });
    expect(() => f.prepareQueryValue(undefined, { a: { $gt: 1 } })).toThrow(InvalidQueryError);
    expect(f.prepareQueryValue('icontains', 'x')).toEqual(/x/i);
    expect(f.lookupMember('theme')?.fieldType).toBe('DynamicField');
    expect(new MapField(new IntField()).lookupMember('a')?.fieldType).toBe('IntField');
  });
});

describe('DynamicField', () => {
  it('stores embedded documents with _cls and loads them back through the resolver', () => {
    setEmbeddedClassResolver((name) => (name === 'FakeAddress' ? FakeAddress : undefined));
    const f = new DynamicField().bind('extra', 'T');
    expect(f.toMongo({ a: new FakeAddress({ city: 'Paris' }), l: [1] })).toEqual({
      a: { _cls: 'FakeAddress', city: 'Paris' },
      l: [1],
    });
    const s = sink();
    const loaded = f.toJs({ _cls: 'FakeAddress', city: 'Oslo' }, { sink: s, path: 'extra' });
    expect(loaded).toBeInstanceOf(FakeAddress);
    expect(codes(f.validate({ deep: [new FakeAddress()] }, 'extra'))).toEqual(['extra.deep.0.city:required']);
    expect(() => f.prepareQueryValue(undefined, { $where: 'x' })).toThrow(InvalidQueryError);
    expect(f.prepareQueryValue(undefined, 'plain')).toBe('plain');
  });
});
