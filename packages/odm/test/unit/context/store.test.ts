import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_CONTEXT,
  countQuery,
  currentContext,
  getContextCollection,
  getContextDbAlias,
  getContextSession,
  isNoDereference,
  isNoSubClasses,
  runWithContext,
  type QueryCounter,
} from '../../../src/context/store.js';

class User {}
class Post {}

describe('context store', () => {
  it('reads defaults when nothing is switched', () => {
    expect(currentContext()).toBe(DEFAULT_CONTEXT);
    expect(getContextDbAlias(User)).toBeUndefined();
    expect(getContextSession()).toBeUndefined();
    expect(isNoDereference(User)).toBe(false);
    expect(() => countQuery()).not.toThrow();
  });

  it('nests: inner wins, outer is restored, maps merge', async () => {
    await runWithContext({ dbAliasByClass: new Map([[User, 'archive']]) }, async () => {
      expect(getContextDbAlias(User)).toBe('archive');
      await runWithContext(
        {
          dbAliasByClass: new Map<object, string>([
            [User, 'cold'],
            [Post, 'p'],
          ]),
        },
        async () => {
          await sleep(1);
          expect(getContextDbAlias(User)).toBe('cold');
          expect(getContextDbAlias(Post)).toBe('p');
        },
      );
      expect(getContextDbAlias(User)).toBe('archive');
      expect(getContextDbAlias(Post)).toBeUndefined();
    });
    expect(getContextDbAlias(User)).toBeUndefined();
  });

  it('keeps interleaved tasks apart', async () => {
    const seen: string[] = [];
    const task = (alias: string, delays: number[]) =>
      runWithContext(
        { dbAliasByClass: new Map([[User, alias]]), collectionByClass: new Map([[User, `c_${alias}`]]) },
        async () => {
          for (const d of delays) {
            await sleep(d);
            seen.push(`${alias}:${getContextDbAlias(User)}:${getContextCollection(User)}`);
          }
        },
      );
    await Promise.all([task('a', [5, 1, 5]), task('b', [1, 5, 1]), task('c', [3, 3, 3])]);
    expect(seen).toHaveLength(9);
    for (const entry of seen) {
      const [alias, got, coll] = entry.split(':');
      expect(got).toBe(alias);
      expect(coll).toBe(`c_${alias}`);
    }
  });

  it('sets and clears the session, adds flags, appends counters', async () => {
    const session = { id: 's' } as never;
    const outer: QueryCounter = { count: 0 };
    const inner: QueryCounter = { count: 0 };
    await runWithContext({ session, noDereference: [Post], queryCounters: [outer] }, async () => {
      expect(getContextSession()).toBe(session);
      countQuery();
      await runWithContext({ session: undefined, noSubClasses: [User], queryCounters: [inner] }, () => {
        expect(getContextSession()).toBeUndefined();
        expect(isNoDereference(Post)).toBe(true);
        expect(isNoSubClasses(User)).toBe(true);
        countQuery();
      });
      expect(isNoSubClasses(User)).toBe(false);
      expect(getContextSession()).toBe(session);
    });
    expect(outer.count).toBe(2);
    expect(inner.count).toBe(1);
  });

  it('never mutates the state other tasks hold', async () => {
    await runWithContext({ dbAliasByClass: new Map([[User, 'x']]) }, async () => {
      const before = currentContext();
      await runWithContext({ dbAliasByClass: new Map([[Post, 'y']]) }, () => undefined);
      expect(currentContext()).toBe(before);
      expect(before.dbAliasByClass.has(Post)).toBe(false);
      expect(Object.isFrozen(before)).toBe(true);
    });
  });
});
