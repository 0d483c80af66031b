import { Binary, Long, Timestamp } from 'bson';
import type { Doc } from '../../bson.js';

/**
 * The server's logical clock. Reads report the current time as `operationTime`; every write takes a
 * new, strictly larger timestamp, so causally consistent sessions (`afterClusterTime`) always find
 * their own writes.
 *
 * @example
 * ```ts
 * const clock = new ClusterClock();
 * const t = clock.tick();          // after a write
 * reply.operationTime = t;
 * reply.$clusterTime = clock.gossip();
 * ```
 */
export class ClusterClock {
  private seconds: number;
  private increment: number;

  constructor(now: () => number = Date.now) {
    this.now = now;
    this.seconds = Math.floor(now() / 1000);
    this.increment = 1;
  }

  private readonly now: () => number;

  /** The latest timestamp handed out. */
  current(): Timestamp {
    return new Timestamp({ t: this.seconds, i: this.increment });
  }

  /** Advances the clock for a write and returns the new timestamp. */
  tick(): Timestamp {
    const wall = Math.floor(this.now() / 1000);
    if (wall > this.seconds) {
      this.seconds = wall;
      this.increment = 1;
    } else {
      this.increment += 1;
    }
    return this.current();
  }

  /** The `$clusterTime` document every reply carries (an all-zero signature: no auth). */
  gossip(): Doc {
    return {
      clusterTime: this.current(),
      signature: { hash: new Binary(new Uint8Array(20), 0), keyId: Long.fromNumber(0) },
    };
  }
}
