import { describe, expect, it } from 'vitest';
import { Binary, ObjectId, UUID } from 'mongodb';
import { BinaryField } from '../../../src/fields/binary-field.js';
import { BooleanField } from '../../../src/fields/boolean-field.js';
import { ComplexDateTimeField, DateField, DateTimeField } from '../../../src/fields/date-fields.js';
import { EnumField } from '../../../src/fields/enum-field.js';
import { ObjectIdField } from '../../../src/fields/object-id-field.js';
import { UUIDField } from '../../../src/fields/uuid-field.js';

const ctx = { path: 'x' };
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('BooleanField', () => {
  it('accepts only booleans', () => {
    const f = new BooleanField().bind('b', 'T');
    expect(f.validate(false, 'b')).toEqual([]);
    expect(codes(f.validate(0, 'b'))).toEqual(['type']);
    expect(() => f.prepareQueryValue(undefined, 'true')).toThrow(/boolean/);
    expect(f.prepareQueryValue('ne', true)).toBe(true);
  });
});

describe('date fields', () => {
  it('DateTimeField accepts Date, ISO string and epoch ms', () => {
    const f = new DateTimeField().bind('at', 'T');
    const iso = '2024-05-06T07:08:09.123Z';
    expect(f.cast(iso)).toEqual(new Date(iso));
    expect(f.cast(Date.parse(iso))).toEqual(new Date(iso));
    expect(codes(f.validate('not a date', 'at'))).toEqual(['type']);
    expect(codes(f.validate(new Date(Number.NaN), 'at'))).toEqual(['type']);
    expect(f.prepareQueryValue('gte', '2024-01-01')).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(() => f.prepareQueryValue('gte', { $gt: 1 })).toThrow(/date/);
    const bounded = new DateTimeField({ min: new Date('2020-01-01') });
    expect(codes(bounded.validate(new Date('2019-01-01'), 'at'))).toEqual(['min_value']);
  });

  it('DateField drops the time part', () => {
    expect(new DateField().cast('2024-05-06T23:59:00Z')).toEqual(new Date('2024-05-06T00:00:00Z'));
  });

  it('ComplexDateTimeField stores a sortable string and reads it back', () => {
    const f = new ComplexDateTimeField().bind('at', 'T');
    const d = new Date('2024-05-06T07:08:09.123Z');
    expect(f.toMongo(d)).toBe('2024,05,06,07,08,09,123000');
    expect(f.toJs('2024,05,06,07,08,09,123000', ctx)).toEqual(d);
    const dashed = new ComplexDateTimeField({ separator: '-' });
    expect(dashed.toMongo(d)).toBe('2024-05-06-07-08-09-123000');
    const earlier = f.toMongo(new Date('2023-12-31T23:59:59.999Z')) as string;
    expect(earlier < (f.toMongo(d) as string)).toBe(true);
    expect(f.prepareQueryValue('lt', d)).toBe('2024,05,06,07,08,09,123000');
  });
});

describe('ObjectIdField', () => {
  it('converts hex strings and rejects others', () => {
    const f = new ObjectIdField().bind('o', 'T');
    const hex = '64b7f0c2a1b2c3d4e5f60718';
    expect(f.cast(hex)).toEqual(new ObjectId(hex));
    expect(f.prepareQueryValue('in', [hex])).toEqual([new ObjectId(hex)]);
    expect(codes(f.validate('nope', 'o'))).toEqual(['type']);
    expect(() => f.prepareQueryValue(undefined, { $ne: null })).toThrow(/ObjectIdField/);
  });
});

describe('UUIDField', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it('stores binary subtype 4 by default and a string with binary: false', () => {
    const f = new UUIDField().bind('u', 'T');
    const stored = f.toMongo(id);
    expect(stored).toBeInstanceOf(Binary);
    expect((stored as Binary).sub_type).toBe(4);
    expect(f.toJs(stored, ctx)).toBe(id);
    expect(f.cast(id.replace(/-/g, '').toUpperCase())).toBe(id);
    expect(f.cast(new UUID(id))).toBe(id);
    expect(new UUIDField({ binary: false }).toMongo(id)).toBe(id);
    expect(codes(f.validate('xyz', 'u'))).toEqual(['type']);
  });
});

describe('BinaryField', () => {
  it('holds bytes, stores Binary, checks maxBytes', () => {
    const f = new BinaryField({ maxBytes: 3 }).bind('b', 'T');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(f.toMongo(bytes)).toBeInstanceOf(Binary);
    expect(Array.from(f.toJs(new Binary(Buffer.from([4, 5])), ctx) as Uint8Array)).toEqual([4, 5]);
    expect(f.validate(bytes, 'b')).toEqual([]);
    expect(codes(f.validate(new Uint8Array(4), 'b'))).toEqual(['max_bytes']);
    expect(codes(f.validate('abc', 'b'))).toEqual(['type']);
  });
});

describe('EnumField', () => {
  const Status = { New: 'new', Done: 'done' } as const;
  it('accepts the enum values (object or array) and stores the value', () => {
    const f = new EnumField(Status).bind('s', 'T');
    expect(f.values).toEqual(['new', 'done']);
    expect(f.validate('done', 's')).toEqual([]);
    expect(codes(f.validate('gone', 's'))).toEqual(['type']);
    expect(f.toMongo(Status.New)).toBe('new');
    expect(f.prepareQueryValue('in', ['new'])).toEqual(['new']);
    expect(() => f.prepareQueryValue(undefined, 'gone')).toThrow(/enum/);
    expect(new EnumField([1, 2, 3] as const).validate(4, 'n')[0]?.code).toBe('type');
  });
  it('requires choices to be a subset', () => {
    expect(() => new EnumField(Status, { choices: ['new', 'x' as never] })).toThrow(/subset/);
    expect(codes(new EnumField(Status, { choices: ['new'] }).validate('done', 's'))).toEqual(['choices']);
  });
});
