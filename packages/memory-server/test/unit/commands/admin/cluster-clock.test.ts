import { describe, expect, it } from 'vitest';
import { ClusterClock } from '../../../../src/commands/admin/cluster-clock.js';

describe('ClusterClock', () => {
  it('ticks strictly upward within a second and resets the increment on a new second', () => {
    let now = 5_000;
    const clock = new ClusterClock(() => now);
    const a = clock.current();
    const b = clock.tick();
    const c = clock.tick();
    expect(b.greaterThan(a)).toBe(true);
    expect(c.greaterThan(b)).toBe(true);
    expect(c.high).toBe(5);
    now = 9_000;
    const d = clock.tick();
    expect(d.high).toBe(9);
    expect(d.low).toBe(1);
  });

  it('never goes backwards when the wall clock does', () => {
    let now = 9_000;
    const clock = new ClusterClock(() => now);
    const a = clock.tick();
    now = 1_000;
    expect(clock.tick().greaterThan(a)).toBe(true);
  });

  it('gossips a zero signature', () => {
    const gossip = new ClusterClock().gossip() as { signature: { hash: { length(): number } } };
    expect(gossip.signature.hash.length()).toBe(20);
  });
});
