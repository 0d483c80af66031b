import { describe, expect, it } from 'vitest';
import { ChangedPaths } from '../../../src/document/changed-paths.js';

describe('ChangedPaths', () => {
  it('keeps paths in marking order without duplicates', () => {
    const c = new ChangedPaths();
    c.add('b');
    c.add('a');
    c.add('b');
    expect(c.list()).toEqual(['b', 'a']);
  });

  it('lets a parent supersede its children', () => {
    const c = new ChangedPaths();
    c.add('address.city');
    c.add('address.zip');
    c.add('addressBook');
    c.add('address');
    expect(c.list()).toEqual(['addressBook', 'address']);
  });

  it('does not add a child whose ancestor is marked', () => {
    const c = new ChangedPaths();
    c.add('a');
    c.add('a.b.c');
    expect(c.list()).toEqual(['a']);
    expect(c.covers('a.b')).toBe(true);
    expect(c.covers('ab')).toBe(false);
  });

  it('clears all or one subtree', () => {
    const c = new ChangedPaths();
    c.add('a.b');
    c.add('c');
    c.clear('a');
    expect(c.list()).toEqual(['c']);
    c.clear();
    expect(c.size).toBe(0);
  });
});
