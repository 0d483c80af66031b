import { fail } from './fail.js';

const FIXED = /^([+-])(\d{2})(?::?(\d{2}))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let fmt = formatters.get(tz);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw fail(40485, `unrecognized time zone identifier: "${tz}"`);
    }
    formatters.set(tz, fmt);
  }
  return fmt;
}

/**
 * The UTC offset (ms) of a time zone at an instant: 'UTC'/'GMT'/'Z', fixed offsets ('+05:30',
 * '-0800', '+03') and Olson names (through `Intl`, so daylight saving is honoured).
 *
 * @example
 * ```ts
 * tzOffsetMs('+02:00', Date.now()); // 7200000
 * ```
 */
export function tzOffsetMs(tz: string | undefined, instant: number): number {
  if (tz === undefined || tz === 'UTC' || tz === 'GMT' || tz === 'Z') return 0;
  const fixed = FIXED.exec(tz);
  if (fixed) {
    const ms = (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) * 60_000;
    return fixed[1] === '-' ? -ms : ms;
  }
  const parts = formatterFor(tz).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Converts local wall-clock milliseconds in `tz` back to a UTC instant. */
export function fromLocal(localMs: number, tz: string | undefined): number {
  const guess = localMs - tzOffsetMs(tz, localMs);
  return localMs - tzOffsetMs(tz, guess);
}
