import { describe, expect, it } from 'vitest';
import { MessageFramer } from '../../../src/wire/message-framer.js';
import { encodeOpMsg } from '../../../src/wire/op-msg.js';
import { WireProtocolError } from '../../../src/wire/wire-protocol-error.js';

describe('MessageFramer', () => {
  const a = encodeOpMsg({ ping: 1, $db: 'admin' });
  const b = encodeOpMsg({ hello: 1, $db: 'admin', pad: 'x'.repeat(300) });

  it('returns whole messages from one chunk holding several', () => {
    const framer = new MessageFramer();
    const out = framer.push(Buffer.concat([a, b]));
    expect(out.map((m) => m.length)).toEqual([a.length, b.length]);
    expect(Buffer.compare(out[1]!, b)).toBe(0);
    expect(framer.pendingBytes).toBe(0);
  });

  it('reassembles messages split at every byte', () => {
    const framer = new MessageFramer();
    const stream = Buffer.concat([a, b]);
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...framer.push(stream.subarray(i, i + 1)));
    expect(out).toHaveLength(2);
    expect(Buffer.compare(out[0]!, a)).toBe(0);
    expect(Buffer.compare(out[1]!, b)).toBe(0);
  });

  it('waits for the rest of a truncated message without allocating its declared size', () => {
    const framer = new MessageFramer();
    const header = Buffer.alloc(8);
    header.writeInt32LE(40_000_000, 0);
    expect(framer.push(header)).toEqual([]);
    expect(framer.pendingBytes).toBe(8);
  });

  it('rejects a declared length below the header size or above the maximum', () => {
    const tiny = Buffer.alloc(4);
    tiny.writeInt32LE(15, 0);
    expect(() => new MessageFramer().push(tiny)).toThrow(WireProtocolError);
    const negative = Buffer.alloc(4);
    negative.writeInt32LE(-1, 0);
    expect(() => new MessageFramer().push(negative)).toThrow(WireProtocolError);
    const huge = Buffer.alloc(4);
    huge.writeInt32LE(48_000_001, 0);
    expect(() => new MessageFramer().push(huge)).toThrow(/outside/);
  });

  it('accepts exactly the maximum length', () => {
    const max = Buffer.alloc(4);
    max.writeInt32LE(48_000_000, 0);
    expect(new MessageFramer().push(max)).toEqual([]);
  });
});
