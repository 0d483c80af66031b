import { describe, expect, it } from 'vitest';
import { documentHooksFor, hasDocumentHooksFor, installDocumentHook } from '../../../src/document/hooks.js';

class A {}
class B {}

describe('documentHooksFor', () => {
  it('splits the hooks that apply to a class into batched ones and a count of the others', async () => {
    const seen: unknown[] = [];
    const offBatched = installDocumentHook('applyDeleteRules', () => undefined, {
      appliesTo: (cls) => cls === A,
      batch: async (cls, ids) => {
        seen.push([cls, ids]);
      },
    });
    expect(documentHooksFor(B, 'applyDeleteRules')).toEqual({ batched: [], unbatched: 0 });
    const forA = documentHooksFor(A, 'applyDeleteRules');
    expect(forA.unbatched).toBe(0);
    expect(forA.batched).toHaveLength(1);
    await forA.batched[0]!(A, [1, 2], { cls: A });
    expect(seen).toEqual([[A, [1, 2]]]);

    const offPlain = installDocumentHook('applyDeleteRules', () => undefined);
    expect(documentHooksFor(B, 'applyDeleteRules')).toEqual({ batched: [], unbatched: 1 });
    expect(hasDocumentHooksFor(B, 'applyDeleteRules')).toBe(true);
    offPlain();
    offBatched();
    expect(documentHooksFor(A, 'applyDeleteRules')).toEqual({ batched: [], unbatched: 0 });
  });
});
