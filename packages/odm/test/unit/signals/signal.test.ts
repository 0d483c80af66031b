import { afterEach, describe, expect, it } from 'vitest';
import { hasDocumentHooks, runDocumentHooks, hasInitHooks } from '../../../src/document/hooks.js';
import { Signal, SignalError } from '../../../src/signals/signal.js';
import { disconnectAllSignals, signals } from '../../../src/signals/signals.js';

class A {}
class B extends A {}
class C {}

function signal(): { sig: Signal; installs: () => number; removes: () => number } {
  let i = 0;
  let r = 0;
  const sig = new Signal('test', () => {
    i++;
    return () => void r++;
  });
  return { sig, installs: () => i, removes: () => r };
}

afterEach(() => disconnectAllSignals());

describe('Signal', () => {
  it('awaits receivers in connection order', async () => {
    const { sig } = signal();
    const log: number[] = [];
    sig.connectReceiver(
      (async () => {
        await new Promise((r) => setTimeout(r, 10));
        log.push(1);
      }) as never,
      {},
    );
    sig.connectReceiver((() => void log.push(2)) as never, {});
    await sig.sendEvent(A, {});
    expect(log).toEqual([1, 2]);
  });

  it('stops at the first throwing receiver and rejects with its error', async () => {
    const { sig } = signal();
    const log: string[] = [];
    const err = new Error('x');
    sig.connectReceiver(
      (() => {
        throw err;
      }) as never,
      {},
    );
    sig.connectReceiver((() => void log.push('after')) as never, {});
    await expect(sig.sendEvent(A, {})).rejects.toBe(err);
    expect(log).toEqual([]);
  });

  it('filters by sender: exact by default, subclasses on request', async () => {
    const { sig } = signal();
    const got: string[] = [];
    sig.connectReceiver(((e: { n: string }) => void got.push(`exact:${e.n}`)) as never, { sender: A });
    sig.connectReceiver(((e: { n: string }) => void got.push(`subs:${e.n}`)) as never, {
      sender: A,
      includeSubclasses: true,
    });
    await sig.sendEvent(A, { n: 'A' });
    await sig.sendEvent(B, { n: 'B' });
    await sig.sendEvent(C, { n: 'C' });
    expect(got).toEqual(['exact:A', 'subs:A', 'subs:B']);
    expect(sig.hasReceivers(B)).toBe(true);
    expect(sig.hasReceivers(C)).toBe(false);
  });

  it('installs its dispatcher on the first receiver and removes it after the last', () => {
    const { sig, installs, removes } = signal();
    const h1 = () => {};
    const h2 = () => {};
    const off1 = sig.connectReceiver(h1 as never, {});
    sig.connectReceiver(h1 as never, {}); // same handler and sender: kept once
    sig.connectReceiver(h2 as never, { sender: A });
    expect(installs()).toBe(1);
    off1();
    expect(removes()).toBe(0);
    expect(sig.disconnectReceiver(h2 as never, C)).toBe(false);
    expect(sig.disconnectReceiver(h2 as never)).toBe(true);
    expect(removes()).toBe(1);
    expect(sig.hasReceivers()).toBe(false);
  });

  it('sync sending refuses a receiver that returns a promise', () => {
    const { sig } = signal();
    sig.connectReceiver((async () => {}) as never, {});
    expect(() => sig.sendEventSync(A, {})).toThrow(SignalError);
  });
});

describe('signals on the document hook seam', () => {
  it('fills the seam only while receivers exist', async () => {
    expect(hasDocumentHooks('postSave')).toBe(false);
    const seen: unknown[] = [];
    const off = signals.postSave.connect((e) => void seen.push([e.sender, e.created, e.signalKwargs]), {
      sender: A,
    });
    expect(hasDocumentHooks('postSave')).toBe(true);
    const doc = new A();
    await runDocumentHooks('postSave', doc, { cls: A, created: true, signalKwargs: { k: 1 } });
    await runDocumentHooks('postSave', doc, { cls: C, created: false });
    expect(seen).toEqual([[A, true, { k: 1 }]]);
    off();
    expect(hasDocumentHooks('postSave')).toBe(false);
  });

  it('init signals use the synchronous init seam', () => {
    expect(hasInitHooks()).toBe(false);
    const off = signals.preInit.connect(() => {});
    expect(hasInitHooks()).toBe(true);
    off();
    expect(hasInitHooks()).toBe(false);
  });
});
