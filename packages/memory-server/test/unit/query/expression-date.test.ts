import { Int32, Long, ObjectId, Timestamp } from 'bson';
import { describe, expect, it } from 'vitest';
import { codeOf, ev } from './expression-helpers.js';

const date = new Date('2024-03-10T15:04:05.678Z'); // a Sunday

describe('date part operators', () => {
  it('extracts UTC parts as int32', () => {
    const parts = [
      '$year',
      '$month',
      '$dayOfMonth',
      '$hour',
      '$minute',
      '$second',
      '$millisecond',
      '$dayOfWeek',
      '$dayOfYear',
    ];
    expect(parts.map((op) => (ev({ [op]: '$d' }, { d: date }) as Int32).value)).toEqual([
      2024, 3, 10, 15, 4, 5, 678, 1, 70,
    ]);
    expect(ev({ $year: '$d' }, { d: date })).toBeInstanceOf(Int32);
  });

  it('computes week numbers', () => {
    expect(ev({ $week: new Date('2024-01-01T00:00:00Z') })).toEqual(new Int32(0));
    expect(ev({ $week: date })).toEqual(new Int32(10));
    expect(ev({ $isoWeek: new Date('2021-01-01T00:00:00Z') })).toEqual(new Int32(53));
    expect(ev({ $isoWeekYear: new Date('2021-01-01T00:00:00Z') })).toEqual(new Int32(2020));
    expect(ev({ $isoDayOfWeek: date })).toEqual(new Int32(7));
  });

  it('honours timezones', () => {
    expect(ev({ $hour: { date, timezone: '+02:00' } })).toEqual(new Int32(17));
    expect(ev({ $hour: { date, timezone: 'America/New_York' } })).toEqual(new Int32(11));
    expect(codeOf(() => ev({ $hour: { date, timezone: 'Mars/Base' } }))).toBe(40485);
  });

  it('accepts ObjectIds, returns null for null and rejects strings', () => {
    const oid = ObjectId.createFromTime(0);
    expect(ev({ $year: oid })).toEqual(new Int32(1970));
    expect(ev({ $year: '$missing' })).toBeNull();
    expect(codeOf(() => ev({ $year: 'x' }))).toBe(16006);
  });
});

describe('date formatting and parsing', () => {
  it('$dateToString with default and custom formats', () => {
    expect(ev({ $dateToString: { date } })).toBe('2024-03-10T15:04:05.678Z');
    expect(ev({ $dateToString: { date, format: '%d/%m/%Y %H:%M:%S %j %%' } })).toBe(
      '10/03/2024 15:04:05 070 %',
    );
    expect(ev({ $dateToString: { date, format: '%H:%M %z', timezone: '-05:30' } })).toBe('09:34 -0530');
    expect(ev({ $dateToString: { date: '$missing', onNull: 'none' } })).toBe('none');
    expect(ev({ $dateToString: { date, timezone: '+01:00' } })).toBe('2024-03-10T16:04:05.678');
    expect(ev({ $dateToString: { date, timezone: 'UTC' } })).toBe('2024-03-10T15:04:05.678Z');
  });

  it('$dateFromString parses ISO strings and formats', () => {
    expect(ev({ $dateFromString: { dateString: '2024-03-10T15:04:05.678Z' } })).toEqual(date);
    expect(ev({ $dateFromString: { dateString: '2024-03-10' } })).toEqual(new Date('2024-03-10T00:00:00Z'));
    expect(ev({ $dateFromString: { dateString: '2024-03-10T10:00:00', timezone: '+01:00' } })).toEqual(
      new Date('2024-03-10T09:00:00Z'),
    );
    expect(ev({ $dateFromString: { dateString: '10/03/2024', format: '%d/%m/%Y' } })).toEqual(
      new Date('2024-03-10T00:00:00Z'),
    );
    expect(ev({ $dateFromString: { dateString: 'nope', onError: 'bad' } })).toBe('bad');
    expect(codeOf(() => ev({ $dateFromString: { dateString: 'nope' } }))).toBe(241);
  });

  it('$dateFromParts and $dateToParts', () => {
    expect(ev({ $dateFromParts: { year: 2024, month: 3, day: 10, hour: 15 } })).toEqual(
      new Date('2024-03-10T15:00:00Z'),
    );
    expect(ev({ $dateFromParts: { year: 2024, month: 14, day: 1 } })).toEqual(
      new Date('2025-02-01T00:00:00Z'),
    );
    expect(ev({ $dateFromParts: { isoWeekYear: 2024, isoWeek: 1, isoDayOfWeek: 1 } })).toEqual(
      new Date('2024-01-01T00:00:00Z'),
    );
    expect(ev({ $dateToParts: { date } })).toEqual({
      year: new Int32(2024),
      month: new Int32(3),
      day: new Int32(10),
      hour: new Int32(15),
      minute: new Int32(4),
      second: new Int32(5),
      millisecond: new Int32(678),
    });
  });
});

describe('date arithmetic', () => {
  it('$dateAdd/$dateSubtract clamp month ends', () => {
    const jan31 = new Date('2024-01-31T12:00:00Z');
    expect(ev({ $dateAdd: { startDate: jan31, unit: 'month', amount: 1 } })).toEqual(
      new Date('2024-02-29T12:00:00Z'),
    );
    expect(ev({ $dateAdd: { startDate: jan31, unit: 'hour', amount: 36 } })).toEqual(
      new Date('2024-02-02T00:00:00Z'),
    );
    expect(ev({ $dateSubtract: { startDate: jan31, unit: 'year', amount: 1 } })).toEqual(
      new Date('2023-01-31T12:00:00Z'),
    );
    expect(ev({ $dateAdd: { startDate: null, unit: 'day', amount: 1 } })).toBeNull();
    expect(codeOf(() => ev({ $dateAdd: { startDate: jan31, unit: 'fortnight', amount: 1 } }))).toBe(5439013);
  });

  it('$dateDiff counts unit boundaries and returns a long', () => {
    const a = new Date('2023-12-31T23:00:00Z');
    const b = new Date('2024-01-01T01:00:00Z');
    const years = ev({ $dateDiff: { startDate: a, endDate: b, unit: 'year' } });
    expect(years).toBeInstanceOf(Long);
    expect((years as Long).toNumber()).toBe(1);
    expect((ev({ $dateDiff: { startDate: a, endDate: b, unit: 'day' } }) as Long).toNumber()).toBe(1);
    expect((ev({ $dateDiff: { startDate: a, endDate: b, unit: 'minute' } }) as Long).toNumber()).toBe(120);
    expect((ev({ $dateDiff: { startDate: b, endDate: a, unit: 'hour' } }) as Long).toNumber()).toBe(-2);
  });

  it('$dateTrunc truncates to unit bins', () => {
    expect(ev({ $dateTrunc: { date, unit: 'day' } })).toEqual(new Date('2024-03-10T00:00:00Z'));
    expect(ev({ $dateTrunc: { date, unit: 'month' } })).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(ev({ $dateTrunc: { date, unit: 'quarter' } })).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(ev({ $dateTrunc: { date, unit: 'hour', binSize: 6 } })).toEqual(new Date('2024-03-10T12:00:00Z'));
    expect(ev({ $dateTrunc: { date: new Date('2024-03-13T10:00:00Z'), unit: 'week' } })).toEqual(
      new Date('2024-03-10T00:00:00Z'),
    );
    expect(
      ev({ $dateTrunc: { date: new Date('2024-03-13T10:00:00Z'), unit: 'week', startOfWeek: 'monday' } }),
    ).toEqual(new Date('2024-03-11T00:00:00Z'));
  });
});

describe('timestamp operators', () => {
  it('splits a timestamp into seconds and increment', () => {
    const ts = new Timestamp({ t: 1700000000, i: 7 });
    expect(ev({ $tsSecond: ts })).toEqual(Long.fromNumber(1700000000));
    expect(ev({ $tsIncrement: ts })).toEqual(Long.fromNumber(7));
    expect(ev({ $year: ts })).toEqual(new Int32(2023));
  });
});
