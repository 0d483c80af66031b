import { ObjectId, Timestamp } from 'bson';
import { typeName } from './evaluate.js';
import { fail } from './fail.js';
import { fromLocal, tzOffsetMs } from './timezone.js';

const DAY = 86_400_000;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Date-like values MongoDB accepts where a date is expected (Date, ObjectId, Timestamp). */
export function toDateValue(value: unknown, name = ''): Date {
  if (value instanceof Date) return value;
  if (value instanceof ObjectId) return value.getTimestamp();
  if (value instanceof Timestamp) return new Date(value.high * 1000);
  throw fail(16006, `can't convert from BSON type ${typeName(value)} to Date${name ? ` (${name})` : ''}`);
}

/** Broken-down local time; `ms` is the local wall clock as if it were UTC. */
export interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  dayOfWeek: number; // 1 = Sunday
  dayOfYear: number;
  ms: number;
}

/**
 * Breaks an instant into local calendar fields of a time zone.
 *
 * @example
 * ```ts
 * parts(new Date(0), '+01:00').hour; // 1
 * ```
 */
export function parts(date: Date, tz: string | undefined): Parts {
  const ms = date.getTime() + tzOffsetMs(tz, date.getTime());
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    dayOfWeek: d.getUTCDay() + 1,
    dayOfYear: Math.floor((ms - Date.UTC(year, 0, 1)) / DAY) + 1,
    ms,
  };
}

/**
 * ISO 8601 week-numbering fields of broken-down local time.
 *
 * @example
 * ```ts
 * isoWeekParts(parts(new Date('2021-01-01'), undefined)).isoWeek; // 53
 * ```
 */
export function isoWeekParts(p: Parts): { isoWeekYear: number; isoWeek: number; isoDayOfWeek: number } {
  const isoDayOfWeek = ((p.dayOfWeek + 5) % 7) + 1;
  // The ISO year is the one holding this week's Thursday.
  const thursday = new Date(Date.UTC(p.year, p.month - 1, p.day) + (4 - isoDayOfWeek) * DAY);
  const isoWeekYear = thursday.getUTCFullYear();
  const isoWeek = Math.floor((thursday.getTime() - Date.UTC(isoWeekYear, 0, 1)) / DAY / 7) + 1;
  return { isoWeekYear, isoWeek, isoDayOfWeek };
}

/**
 * `$week`: weeks start on Sunday; days before the first Sunday are week 0.
 *
 * @example
 * ```ts
 * week(parts(new Date('2024-01-01'), undefined)); // 0
 * ```
 */
export function week(p: Parts): number {
  return Math.floor((p.dayOfYear - 1 + 7 - (p.dayOfWeek - 1)) / 7);
}

function pad(n: number, width: number): string {
  return String(Math.abs(n)).padStart(width, '0');
}

function offsetString(offsetMs: number, colon: boolean): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60), 2)}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60, 2)}`;
}

/**
 * Formats a date with MongoDB's `$dateToString` specifiers.
 *
 * @example
 * ```ts
 * formatDate(new Date(0), '%Y-%m-%d', undefined); // '1970-01-01'
 * ```
 */
export function formatDate(date: Date, format: string, tz: string | undefined): string {
  const p = parts(date, tz);
  const iso = isoWeekParts(p);
  const offset = tzOffsetMs(tz, date.getTime());
  return format.replace(/%(.?)/g, (_m, spec: string) => {
    switch (spec) {
      case 'Y':
        return pad(p.year, 4);
      case 'm':
        return pad(p.month, 2);
      case 'd':
        return pad(p.day, 2);
      case 'H':
        return pad(p.hour, 2);
      case 'M':
        return pad(p.minute, 2);
      case 'S':
        return pad(p.second, 2);
      case 'L':
        return pad(p.millisecond, 3);
      case 'j':
        return pad(p.dayOfYear, 3);
      case 'w':
        return String(p.dayOfWeek);
      case 'u':
        return String(iso.isoDayOfWeek);
      case 'U':
        return pad(week(p), 2);
      case 'V':
        return pad(iso.isoWeek, 2);
      case 'G':
        return pad(iso.isoWeekYear, 4);
      case 'z':
        return offsetString(offset, false);
      case 'Z':
        return String(Math.round(offset / 60_000));
      case 'b':
        return (MONTH_NAMES[p.month - 1] ?? '').slice(0, 3);
      case 'B':
        return MONTH_NAMES[p.month - 1] ?? '';
      case '%':
        return '%';
      default:
        throw fail(18536, `Invalid format character '%${spec}' in format string`);
    }
  });
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a date string as `$dateFromString`/`$toDate` do without a format: ISO 8601 date or
 * date-time, optional fraction and offset ('Z', '+hh:mm'); local times are taken in `tz`.
 *
 * @example
 * ```ts
 * parseDateString('2024-01-02T03:04:05Z', undefined); // Date 2024-01-02T03:04:05.000Z
 * ```
 */
export function parseDateString(s: string, tz: string | undefined, format?: string): Date | undefined {
  if (format !== undefined) return parseWithFormat(s, format, tz);
  const m = ISO_DATE.exec(s.trim());
  if (!m) return undefined;
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  if (Number(m[2]) > 12 || Number(m[3]) > 31) return undefined;
  const zone = m[8];
  if (zone !== undefined) return new Date(local - tzOffsetMs(zone, local));
  return new Date(fromLocal(local, tz));
}

function parseWithFormat(s: string, format: string, tz: string | undefined): Date | undefined {
  const fields: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0, L: 0 };
  let zone: string | undefined;
  let pos = 0;
  for (let i = 0; i < format.length; i += 1) {
    const ch = format[i] as string;
    if (ch !== '%') {
      if (s[pos] !== ch) return undefined;
      pos += 1;
      continue;
    }
    const spec = format[i + 1] ?? '';
    i += 1;
    if (spec === '%') {
      if (s[pos] !== '%') return undefined;
      pos += 1;
    } else if (spec === 'z') {
      const m = /^([+-]\d{2}:?\d{2}|Z)/.exec(s.slice(pos));
      if (!m) return undefined;
      zone = m[1];
      pos += (m[1] ?? '').length;
    } else if (spec === 'Z') {
      const m = /^[+-]?\d+/.exec(s.slice(pos));
      if (!m) return undefined;
      const mins = Number(m[0]);
      zone = offsetString(mins * 60_000, true);
      pos += m[0].length;
    } else {
      const width = spec === 'Y' || spec === 'G' ? 4 : spec === 'L' || spec === 'j' ? 3 : 2;
      const m = new RegExp(`^\\d{1,${width}}`).exec(s.slice(pos));
      if (!m) return undefined;
      fields[spec] = Number(m[0]);
      pos += m[0].length;
    }
  }
  if (pos !== s.length) return undefined;
  const local = Date.UTC(
    fields['Y'] ?? 1970,
    (fields['m'] ?? 1) - 1,
    fields['d'] ?? 1,
    fields['H'],
    fields['M'],
    fields['S'],
    fields['L'],
  );
  return new Date(zone === undefined ? fromLocal(local, tz) : local - tzOffsetMs(zone, local));
}
