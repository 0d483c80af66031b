import { Timestamp } from 'bson';

let lastSecond = 0;
let lastIncrement = 0;

/**
 * A fresh, strictly increasing timestamp, as MongoDB reserves one tick of its cluster clock for
 * `$currentDate: {$type: 'timestamp'}` and for empty timestamps in replacement documents.
 *
 * @example
 * ```ts
 * nextTimestamp(new Date()); // Timestamp({ t: <seconds>, i: 1 })
 * ```
 */
export function nextTimestamp(now: Date = new Date()): Timestamp {
  const second = Math.floor(now.getTime() / 1000);
  if (second > lastSecond) {
    lastSecond = second;
    lastIncrement = 0;
  }
  lastIncrement += 1;
  return new Timestamp({ t: lastSecond, i: lastIncrement });
}
