import { describe, expect, it } from 'vitest';
import { compareIndexKeys } from '../../../src/document/index-admin.js';

describe('compareIndexKeys', () => {
  it('reports missing and extra keys, never _id', () => {
    expect(
      compareIndexKeys(
        [[['_id', 1]], [['age', -1]], [['name', 1]]],
        [{ key: { _id: 1 } }, { key: { name: 1 } }, { key: { other: 1 } }],
      ),
    ).toEqual({ missing: [{ age: -1 }], extra: [{ other: 1 }] });
    expect(compareIndexKeys([[['_id', 1]]], [])).toEqual({ missing: [], extra: [] });
  });

  it('matches text indexes by their fields and ignores a missing _cls index covered by another', () => {
    const expected = [
      [['_cls', 1]],
      [
        ['_cls', 1],
        ['title', 1],
      ],
      [
        ['b', 'text'],
        ['a', 'text'],
      ],
    ] as const;
    const listed = [
      { key: { _cls: 1, title: 1 } },
      { key: { _fts: 'text', _ftsx: 1 }, weights: { a: 1, b: 1 } },
    ];
    expect(
      compareIndexKeys(
        expected.map((k) => k.map((p) => [...p] as const)),
        listed,
      ),
    ).toEqual({
      missing: [],
      extra: [],
    });
  });
});
