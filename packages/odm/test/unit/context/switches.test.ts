import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  noDereference,
  noSubClasses,
  queryCounter,
  switchCollection,
  switchDb,
} from '../../../src/context/switches.js';
import {
  countQuery,
  getContextCollection,
  getContextDbAlias,
  isNoDereference,
  isNoSubClasses,
} from '../../../src/context/store.js';

class User {}
class Post {}

describe('scoped switches', () => {
  it('hold for everything awaited inside and pass the class to fn', async () => {
    const out = await switchDb(User, 'archive', async (cls) => {
      expect(cls).toBe(User);
      await sleep(1);
      return [getContextDbAlias(User), getContextDbAlias(Post)];
    });
    expect(out).toEqual(['archive', undefined]);
    expect(getContextDbAlias(User)).toBeUndefined();
  });

  it('nest: inner wins, outer restored', async () => {
    await switchCollection(User, 'a', async () => {
      await switchCollection(User, 'b', async () => {
        await sleep(1);
        expect(getContextCollection(User)).toBe('b');
      });
      expect(getContextCollection(User)).toBe('a');
    });
  });

  it('concurrent tasks never see each other’s switches', async () => {
    const seen: (string | undefined)[][] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const task = async () => {
          const mine: (string | undefined)[] = [];
          for (let s = 0; s < 3; s++) {
            await sleep((i * 7 + s) % 4);
            mine.push(getContextDbAlias(User));
          }
          seen[i] = mine;
        };
        return i % 2 ? switchDb(User, `db${i}`, task) : task();
      }),
    );
    seen.forEach((mine, i) => expect(mine).toEqual(Array(3).fill(i % 2 ? `db${i}` : undefined)));
  });

  it('flags noDereference / noSubClasses per class', () => {
    noDereference(User, () => {
      expect(isNoDereference(User)).toBe(true);
      expect(isNoDereference(Post)).toBe(false);
    });
    noSubClasses(Post, () => expect(isNoSubClasses(Post)).toBe(true));
    expect(isNoSubClasses(Post)).toBe(false);
  });

  it('queryCounter resolves to fn’s value and the count (manual countQuery counts too)', async () => {
    const { result, count, commands } = await queryCounter(async () => {
      countQuery();
      await sleep(1);
      countQuery();
      return 'done';
    });
    expect(result).toBe('done');
    expect(count).toBe(2);
    expect(commands).toEqual([]);
  });
});
