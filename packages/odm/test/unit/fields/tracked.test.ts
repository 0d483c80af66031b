import { describe, expect, it } from 'vitest';
import {
  TrackedDict,
  TrackedList,
  isTracked,
  rebindTracked,
  trackedContext,
  type AttachItem,
} from '../../../src/fields/tracked.js';

function sink() {
  const paths: string[] = [];
  return { paths, markChanged: (p: string) => paths.push(p) };
}

describe('TrackedList', () => {
  it('marks the whole list for method mutations and list.N for index assignment', () => {
    const s = sink();
    const list = TrackedList.create(['a', 'b', 'c'], { sink: s, path: 'tags' });
    list.push('d');
    list.pop();
    list.shift();
    list.unshift('z');
    list.splice(1, 1);
    list.sort();
    list.reverse();
    list.fill('q', 0, 1);
    expect(s.paths).toEqual(Array(8).fill('tags'));
    s.paths.length = 0;
    list[1] = 'x';
    expect(s.paths).toEqual(['tags.1']);
    list.length = 1;
    delete list[0];
    expect(s.paths).toEqual(['tags.1', 'tags', 'tags']);
  });

  it('behaves as an array; derived arrays are plain and untracked', () => {
    const s = sink();
    const list = TrackedList.create([3, 1, 2], { sink: s, path: 'n' });
    expect(Array.isArray(list)).toBe(true);
    expect(list).toBeInstanceOf(TrackedList);
    expect(isTracked(list)).toBe(true);
    const doubled = list.map((x) => x * 2);
    expect(doubled).toEqual([6, 2, 4]);
    expect(isTracked(doubled)).toBe(false);
    expect(doubled).not.toBeInstanceOf(TrackedList);
    expect(list.sort()).toBe(list);
    expect([...list]).toEqual([1, 2, 3]);
    expect(JSON.stringify(list)).toBe('[1,2,3]');
    expect(s.paths).toEqual(['n']);
  });

  it('re-binds nested tracked values to their new index after a shift', () => {
    const s = sink();
    const attach: AttachItem = (v, ctx) =>
      rebindTracked(v, ctx) ? v : Array.isArray(v) ? TrackedList.create(v, ctx, attach) : v;
    const outer = TrackedList.create([[1], [2]], { sink: s, path: 'grid' }, attach);
    const second = outer[1]!;
    expect(trackedContext(second)).toEqual({ sink: s, path: 'grid.1' });
    outer.shift();
    s.paths.length = 0;
    second.push(3);
    expect(s.paths).toEqual(['grid.0']);
    outer.push([9]);
    expect(isTracked(outer[1])).toBe(true);
    s.paths.length = 0;
    outer[1]![0] = 8;
    expect(s.paths).toEqual(['grid.1.0']);
  });

  it('works without a sink', () => {
    const list = TrackedList.create([1], { path: 'x' });
    list.push(2);
    expect([...list]).toEqual([1, 2]);
  });
});

describe('TrackedDict', () => {
  it('marks dict.key on set and delete, nothing for deleting a missing key', () => {
    const s = sink();
    const d = TrackedDict.create<number>({ a: 1 }, { sink: s, path: 'meta' });
    d['b'] = 2;
    delete d['a'];
    delete d['zzz'];
    expect(s.paths).toEqual(['meta.b', 'meta.a']);
    expect({ ...d }).toEqual({ b: 2 });
    expect(TrackedDict.is(d)).toBe(true);
    expect(TrackedDict.is({})).toBe(false);
  });

  it('tracks nested containers with dotted paths', () => {
    const s = sink();
    const attach: AttachItem = (v, ctx) =>
      rebindTracked(v, ctx) ? v : Array.isArray(v) ? TrackedList.create(v, ctx, attach) : v;
    const d = TrackedDict.create<unknown>({ a: [1, 2] }, { sink: s, path: 'm' }, attach);
    (d['a'] as number[]).push(3);
    expect(s.paths).toEqual(['m.a']);
    (d['a'] as number[])[0] = 5;
    expect(s.paths).toEqual(['m.a', 'm.a.0']);
    rebindTracked(d, { sink: s, path: 'n.2.m' });
    (d['a'] as number[])[1] = 5;
    expect(s.paths.at(-1)).toBe('n.2.m.a.1');
  });
});
