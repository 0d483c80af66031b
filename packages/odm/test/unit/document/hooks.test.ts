import { describe, expect, it } from 'vitest';
import { installDocumentHook, runDocumentHooks } from '../../../src/document/hooks.js';

describe('document hooks', () => {
  it('runs installed hooks in order, awaits them, and removes them', async () => {
    const calls: string[] = [];
    const offA = installDocumentHook('postSave', async (_doc, ctx) => {
      await Promise.resolve();
      calls.push(`a:${String(ctx.created)}`);
    });
    const offB = installDocumentHook('postSave', (_doc, ctx) => {
      calls.push(`b:${String(ctx.signalKwargs?.['why'])}`);
    });
    await runDocumentHooks('postSave', {}, { cls: Object, created: true, signalKwargs: { why: 'test' } });
    expect(calls).toEqual(['a:true', 'b:test']);
    offA();
    offB();
    await runDocumentHooks('postSave', {}, { cls: Object });
    expect(calls).toHaveLength(2);
  });

  it('does nothing for a hook point with no hooks', async () => {
    await expect(runDocumentHooks('preDelete', {}, { cls: Object })).resolves.toBeUndefined();
  });
});
