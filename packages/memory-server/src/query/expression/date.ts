import { Int32, Long, Timestamp } from 'bson';
import type { Doc } from '../../bson.js';
import {
  type Env,
  type OperatorFn,
  evalArgs,
  evaluate,
  isDocument,
  isNullish,
  namedArgs,
  typeName,
} from './evaluate.js';
import { fail } from './fail.js';
import { numToDouble, toNum } from './numeric.js';
import {
  type Parts,
  formatDate,
  isoWeekParts,
  parseDateString,
  parts,
  toDateValue,
  week,
} from './date-parts.js';
import { fromLocal, tzOffsetMs } from './timezone.js';

const DAY = 86_400_000;
const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
  week: 7 * DAY,
};
const MONTH_UNITS: Record<string, number> = { month: 1, quarter: 3, year: 12 };
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function timezoneArg(spec: Doc, env: Env): string | undefined | null {
  if (!('timezone' in spec)) return undefined;
  const tz = evaluate(spec['timezone'], env);
  if (isNullish(tz)) return null;
  if (typeof tz !== 'string') throw fail(40517, `timezone must evaluate to a string, found ${typeName(tz)}`);
  tzOffsetMs(tz, 0);
  return tz;
}

function partOperator(pick: (p: Parts) => number): OperatorFn {
  return (args, env, name) => {
    let dateExpr = args;
    let tz: string | undefined | null;
    if (isDocument(args) && 'date' in args) {
      namedArgs(args, name, ['date', 'timezone'], 40535);
      dateExpr = args['date'];
      tz = timezoneArg(args, env);
    } else if (Array.isArray(args)) {
      dateExpr = evalArgs(args, env, name, 1)[0];
      dateExpr = { $literal: dateExpr };
    }
    const value = evaluate(dateExpr, env);
    if (isNullish(value) || tz === null) return null;
    return new Int32(pick(parts(toDateValue(value, name), tz)));
  };
}

function unitArg(value: unknown, name: string): string {
  if (typeof value !== 'string' || !(value in UNIT_MS || value in MONTH_UNITS)) {
    throw fail(
      5439013,
      `${name} parameter 'unit' value cannot be recognized as a time unit: ${String(value)}`,
    );
  }
  return value;
}

/** Adds `amount` units to a date in local time; month arithmetic clamps to the month's last day. */
export function addUnits(date: Date, unit: string, amount: number, tz: string | undefined): Date {
  const fixed = UNIT_MS[unit];
  if (fixed !== undefined && unit !== 'day' && unit !== 'week')
    return new Date(date.getTime() + amount * fixed);
  const p = parts(date, tz);
  let local: number;
  if (fixed !== undefined) local = p.ms + amount * fixed;
  else {
    const months = p.year * 12 + (p.month - 1) + amount * (MONTH_UNITS[unit] ?? 1);
    const y = Math.floor(months / 12);
    const mo = months - y * 12;
    const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
    local = Date.UTC(y, mo, Math.min(p.day, lastDay), p.hour, p.minute, p.second, p.millisecond);
  }
  return new Date(fromLocal(local, tz));
}

function startOfWeekArg(spec: Doc, env: Env): number {
  if (!('startOfWeek' in spec)) return 0;
  const v = evaluate(spec['startOfWeek'], env);
  const i =
    typeof v === 'string'
      ? DAY_NAMES.findIndex((d) => d === v.toLowerCase() || d.slice(0, 3) === v.toLowerCase())
      : -1;
  if (i < 0)
    throw fail(5439015, `startOfWeek parameter must be a valid day of the week, found: ${String(v)}`);
  return i;
}

/** Local wall-clock start of the bin that holds `date`; bins are counted from 2000-01-01 as in MongoDB. */
function truncLocal(
  date: Date,
  unit: string,
  binSize: number,
  tz: string | undefined,
  startOfWeek: number,
): number {
  const p = parts(date, tz);
  const months = MONTH_UNITS[unit];
  if (months !== undefined) {
    const index = (p.year - 2000) * 12 + (p.month - 1);
    const size = months * binSize;
    const start = Math.floor(index / size) * size;
    return Date.UTC(2000, start, 1);
  }
  const size = (UNIT_MS[unit] ?? 1) * binSize;
  // 2000-01-01 was a Saturday; week bins start on the requested weekday on or before it.
  const ref =
    unit === 'week' ? Date.UTC(2000, 0, 1) - ((6 - startOfWeek + 7) % 7) * DAY : Date.UTC(2000, 0, 1);
  return ref + Math.floor((p.ms - ref) / size) * size;
}

function numberArg(value: unknown, code: number, message: string): number {
  const n = toNum(value);
  const v = n ? numToDouble(n) : NaN;
  if (!Number.isInteger(v)) throw fail(code, message);
  return v;
}

const $dateToString: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['date', 'format', 'timezone', 'onNull'], 18534);
  if (!('date' in spec)) throw fail(18628, "Missing 'date' parameter to $dateToString");
  const tz = timezoneArg(spec, env);
  // Without a format the trailing 'Z' is only claimed for UTC output.
  const utc = tz === undefined || tz === null || /^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT|[+-]00(:?00)?)$/.test(tz);
  const format =
    'format' in spec ? evaluate(spec['format'], env) : utc ? '%Y-%m-%dT%H:%M:%S.%LZ' : '%Y-%m-%dT%H:%M:%S.%L';
  const date = evaluate(spec['date'], env);
  if (isNullish(date)) return 'onNull' in spec ? evaluate(spec['onNull'], env) : null;
  if (isNullish(format) || tz === null) return null;
  if (typeof format !== 'string')
    throw fail(18533, `$dateToString requires that 'format' be a string, found: ${typeName(format)}`);
  return formatDate(toDateValue(date, name), format, tz);
};

const $dateFromString: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['dateString', 'format', 'timezone', 'onError', 'onNull'], 40541);
  if (!('dateString' in spec)) throw fail(40542, "Missing 'dateString' parameter to $dateFromString");
  const input = evaluate(spec['dateString'], env);
  const tz = timezoneArg(spec, env);
  const format = 'format' in spec ? evaluate(spec['format'], env) : undefined;
  if (isNullish(input)) return 'onNull' in spec ? evaluate(spec['onNull'], env) : null;
  if (tz === null || format === null) return null;
  const onError = (message: string, code: number): unknown => {
    if ('onError' in spec) return evaluate(spec['onError'], env);
    throw fail(code, message);
  };
  if (typeof input !== 'string')
    return onError(
      `$dateFromString requires that 'dateString' be a string, found: ${typeName(input)} with value ${String(input)}`,
      241,
    );
  if (format !== undefined && typeof format !== 'string')
    throw fail(40684, `$dateFromString requires that 'format' be a string, found: ${typeName(format)}`);
  const date = parseDateString(input, tz, format);
  return date && !Number.isNaN(date.getTime()) ? date : onError(`Error parsing date string '${input}'`, 241);
};

function addOrSubtract(sign: 1 | -1): OperatorFn {
  return (args, env, name) => {
    const spec = namedArgs(args, name, ['startDate', 'unit', 'amount', 'timezone'], 5166302);
    for (const key of ['startDate', 'unit', 'amount']) {
      if (!(key in spec)) throw fail(5166402, `${name} requires '${key}' to be present`);
    }
    const start = evaluate(spec['startDate'], env);
    const unit = evaluate(spec['unit'], env);
    const amount = evaluate(spec['amount'], env);
    const tz = timezoneArg(spec, env);
    if (isNullish(start) || isNullish(unit) || isNullish(amount) || tz === null) return null;
    const n = numberArg(amount, 5166405, `${name} expects integer amount of time units`);
    return addUnits(toDateValue(start, name), unitArg(unit, name), sign * n, tz);
  };
}

const $dateDiff: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['startDate', 'endDate', 'unit', 'timezone', 'startOfWeek'], 5166302);
  const start = evaluate(spec['startDate'], env);
  const end = evaluate(spec['endDate'], env);
  const unit = evaluate(spec['unit'], env);
  const tz = timezoneArg(spec, env);
  if (isNullish(start) || isNullish(end) || isNullish(unit) || tz === null) return null;
  const u = unitArg(unit, name);
  const sow = startOfWeekArg(spec, env);
  const a = toDateValue(start, name);
  const b = toDateValue(end, name);
  let diff: number;
  if (u in MONTH_UNITS) {
    const pa = parts(a, tz);
    const pb = parts(b, tz);
    const months = (pb.year - pa.year) * 12 + (pb.month - pa.month);
    diff =
      u === 'month'
        ? months
        : u === 'year'
          ? pb.year - pa.year
          : Math.floor((pb.year * 12 + pb.month - 1) / 3) - Math.floor((pa.year * 12 + pa.month - 1) / 3);
  } else {
    const size = UNIT_MS[u] ?? 1;
    const ta = truncLocal(a, u, 1, tz, sow);
    const tb = truncLocal(b, u, 1, tz, sow);
    diff = Math.round((tb - ta) / size);
  }
  return Long.fromNumber(diff);
};

const $dateTrunc: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['date', 'unit', 'binSize', 'timezone', 'startOfWeek'], 5439007);
  const date = evaluate(spec['date'], env);
  const unit = evaluate(spec['unit'], env);
  const binSizeValue = 'binSize' in spec ? evaluate(spec['binSize'], env) : 1;
  const tz = timezoneArg(spec, env);
  if (isNullish(date) || isNullish(unit) || isNullish(binSizeValue) || tz === null) return null;
  const binSize = numberArg(
    binSizeValue,
    5439017,
    `${name} requires 'binSize' to be a positive 64-bit integer`,
  );
  if (binSize <= 0)
    throw fail(5439018, `${name} requires 'binSize' to be greater than 0, but got value ${binSize}`);
  const local = truncLocal(
    toDateValue(date, name),
    unitArg(unit, name),
    binSize,
    tz,
    startOfWeekArg(spec, env),
  );
  return new Date(fromLocal(local, tz));
};

const $dateFromParts: OperatorFn = (args, env, name) => {
  const keys = [
    'year',
    'month',
    'day',
    'hour',
    'minute',
    'second',
    'millisecond',
    'isoWeekYear',
    'isoWeek',
    'isoDayOfWeek',
    'timezone',
  ];
  const spec = namedArgs(args, name, keys, 40518);
  const tz = timezoneArg(spec, env);
  const iso = 'isoWeekYear' in spec;
  if (iso === 'year' in spec) throw fail(40516, `${name} requires either 'year' or 'isoWeekYear' (not both)`);
  const values: Record<string, number> = {};
  const defaults: Record<string, number> = { month: 1, day: 1, isoWeek: 1, isoDayOfWeek: 1 };
  for (const key of keys.slice(0, 10)) {
    const v = key in spec ? evaluate(spec[key], env) : (defaults[key] ?? 0);
    if (isNullish(v)) return null;
    values[key] = numberArg(
      v,
      40515,
      `'${key}' must evaluate to an integer, found ${typeName(v)} with value ${String(v)}`,
    );
  }
  if (tz === null) return null;
  const v = (k: string): number => values[k] ?? 0;
  let local: number;
  if (iso) {
    const jan4 = Date.UTC(v('isoWeekYear'), 0, 4);
    const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
    local =
      week1Monday +
      ((v('isoWeek') - 1) * 7 + (v('isoDayOfWeek') - 1)) * DAY +
      v('hour') * 3_600_000 +
      v('minute') * 60_000 +
      v('second') * 1000 +
      v('millisecond');
  } else {
    const d = new Date(0);
    d.setUTCFullYear(v('year'), v('month') - 1, v('day'));
    d.setUTCHours(v('hour'), v('minute'), v('second'), v('millisecond'));
    local = d.getTime();
  }
  return new Date(fromLocal(local, tz));
};

const $dateToParts: OperatorFn = (args, env, name) => {
  const spec = namedArgs(args, name, ['date', 'timezone', 'iso8601'], 40520);
  const date = evaluate(spec['date'], env);
  const tz = timezoneArg(spec, env);
  if (isNullish(date) || tz === null) return null;
  const p = parts(toDateValue(date, name), tz);
  const time = {
    hour: new Int32(p.hour),
    minute: new Int32(p.minute),
    second: new Int32(p.second),
    millisecond: new Int32(p.millisecond),
  };
  if (evaluate(spec['iso8601'], env) === true) {
    const iso = isoWeekParts(p);
    return {
      isoWeekYear: new Int32(iso.isoWeekYear),
      isoWeek: new Int32(iso.isoWeek),
      isoDayOfWeek: new Int32(iso.isoDayOfWeek),
      ...time,
    };
  }
  return { year: new Int32(p.year), month: new Int32(p.month), day: new Int32(p.day), ...time };
};

function timestampPart(part: 't' | 'i'): OperatorFn {
  return (args, env, name) => {
    const [value] = evalArgs(args, env, name, 1);
    if (isNullish(value)) return null;
    if (!(value instanceof Timestamp))
      throw fail(5687301, `Argument to ${name} must be a timestamp, but is ${typeName(value)}`);
    return Long.fromNumber(part === 't' ? value.high : value.low);
  };
}

/** Date operators (UTC by default; `timezone` accepts Olson names and fixed offsets). */
export const dateOperators: Record<string, OperatorFn> = {
  $year: partOperator((p) => p.year),
  $month: partOperator((p) => p.month),
  $dayOfMonth: partOperator((p) => p.day),
  $hour: partOperator((p) => p.hour),
  $minute: partOperator((p) => p.minute),
  $second: partOperator((p) => p.second),
  $millisecond: partOperator((p) => p.millisecond),
  $dayOfWeek: partOperator((p) => p.dayOfWeek),
  $dayOfYear: partOperator((p) => p.dayOfYear),
  $week: partOperator(week),
  $isoWeek: partOperator((p) => isoWeekParts(p).isoWeek),
  $isoWeekYear: partOperator((p) => isoWeekParts(p).isoWeekYear),
  $isoDayOfWeek: partOperator((p) => isoWeekParts(p).isoDayOfWeek),
  $dateToString,
  $dateFromString,
  $dateAdd: addOrSubtract(1),
  $dateSubtract: addOrSubtract(-1),
  $dateDiff,
  $dateTrunc,
  $dateFromParts,
  $dateToParts,
  $tsSecond: timestampPart('t'),
  $tsIncrement: timestampPart('i'),
};
