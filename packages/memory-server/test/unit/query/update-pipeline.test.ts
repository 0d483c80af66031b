import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { buildUpsertDocument, validateUpdate } from '../../../src/query/update.js';
import { apply, expectCode } from './update-helpers.js';

describe('applyUpdate — pipeline-style updates', () => {
  it('runs $set / $unset stages with expressions', () => {
    const { doc, modified } = apply({ _id: 1, a: new Int32(2), b: new Int32(3), old: 1 }, [
      { $set: { sum: { $add: ['$a', '$b'] } } },
      { $unset: 'old' },
    ]);
    expect(modified).toBe(true);
    expect(doc).toEqual({ _id: 1, a: new Int32(2), b: new Int32(3), sum: new Int32(5) });
  });

  it('keeps _id when a stage drops it, and reports no-ops', () => {
    expect(apply({ _id: 1, a: 1 }, [{ $replaceWith: { b: '$a' } }]).doc).toEqual({ _id: 1, b: 1 });
    const input = { _id: 1, a: 1 };
    expect(apply(input, [{ $set: { a: 1 } }]).modified).toBe(false);
  });

  it('passes variables through', () => {
    expect(apply({ _id: 1 }, [{ $set: { v: '$$x' } }], { variables: { x: 'y' } }).doc).toEqual({
      _id: 1,
      v: 'y',
    });
  });

  it('refuses stages other than $addFields/$set/$project/$unset/$replaceRoot/$replaceWith (72)', () => {
    expectCode(
      () => validateUpdate([{ $group: { _id: null } }]),
      72,
      '$group is not allowed to be used within an update',
    );
  });

  it('refuses changing _id (66)', () => {
    expectCode(() => apply({ _id: 1 }, [{ $set: { _id: 2 } }]), 66);
  });

  it('builds upsert documents through the pipeline', () => {
    expect(buildUpsertDocument({ _id: 4, a: new Int32(1) }, [{ $set: { b: { $add: ['$a', 1] } } }])).toEqual({
      _id: 4,
      a: new Int32(1),
      b: new Int32(2),
    });
  });
});
