import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binary } from 'mongodb';
import { Decimal128, Double, Int32, Long } from 'mongodb';
import { connect, disconnectAll, getCollection } from '../../../src/connection/connection-registry.js';
import type { AnyField } from '../../../src/fields/base-field.js';
import { ComplexDateTimeField, DateTimeField } from '../../../src/fields/date-fields.js';
import { Decimal128Field, DecimalField } from '../../../src/fields/decimal-field.js';
import { FloatField } from '../../../src/fields/float-field.js';
import { PointField } from '../../../src/fields/geo-fields.js';
import { IntField, LongField } from '../../../src/fields/int-field.js';
import { ListField } from '../../../src/fields/list-field.js';
import { StringField } from '../../../src/fields/string-field.js';
import { UUIDField } from '../../../src/fields/uuid-field.js';
import { freshDbName, uriFor } from '../../helpers.js';

beforeAll(async () => {
  await connect(uriFor(freshDbName('bson')));
});
afterAll(async () => {
  await disconnectAll();
});

/** Writes `toMongo(value)` through the driver, reads it back raw (no promotion) and through `toJs`. */
async function roundTrip(field: AnyField, value: unknown) {
  const coll = getCollection('rt');
  const { insertedId } = await coll.insertOne({ v: field.toMongo(field.cast(value)) });
  const raw = await coll.findOne({ _id: insertedId }, { promoteValues: false, promoteLongs: false });
  const promoted = await coll.findOne({ _id: insertedId });
  return { raw: raw?.['v'] as unknown, js: field.toJs(promoted?.['v'], { path: 'v' }) };
}

describe('field values through the driver and the server', () => {
  it('keeps integer, long, double and decimal types', async () => {
    const small = await roundTrip(new IntField(), 5);
    expect(small.raw).toBeInstanceOf(Int32);
    expect(small.js).toBe(5);
    const big = await roundTrip(new IntField(), 2 ** 40);
    expect(big.raw).toBeInstanceOf(Long);
    expect(big.js).toBe(2 ** 40);
    const exact = 2n ** 60n + 1n;
    const long = await roundTrip(new LongField(), exact);
    expect(long.raw).toEqual(Long.fromBigInt(exact));
    expect(long.js).toBe(exact);
    const smallLong = await roundTrip(new LongField(), 7);
    expect(smallLong.raw).toBeInstanceOf(Long);
    expect(smallLong.js).toBe(7n);
    const float = await roundTrip(new FloatField(), 1);
    expect(float.raw).toBeInstanceOf(Double);
    expect(float.js).toBe(1);
    const dec = await roundTrip(new DecimalField(), '2.345');
    expect(dec.js).toBe('2.35');
    expect((await roundTrip(new DecimalField({ forceString: true }), 0.1)).raw).toBe('0.10');
    const d128 = await roundTrip(new Decimal128Field(), '12345678901234567890.123');
    expect(d128.raw).toBeInstanceOf(Decimal128);
    expect(String(d128.js)).toBe('12345678901234567890.123');
  });

  it('keeps dates, uuids, complex dates, geo and lists', async () => {
    const when = new Date('2024-05-06T07:08:09.123Z');
    expect((await roundTrip(new DateTimeField(), when.toISOString())).js).toEqual(when);
    expect((await roundTrip(new ComplexDateTimeField(), when)).js).toEqual(when);
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const uuid = await roundTrip(new UUIDField(), id);
    expect((uuid.raw as Binary).sub_type).toBe(4);
    expect(uuid.js).toBe(id);
    expect((await roundTrip(new PointField(), [2.35, 48.85])).js).toEqual({
      type: 'Point',
      coordinates: [2.35, 48.85],
    });
    const list = await roundTrip(new ListField(new StringField()), ['a', 'b']);
    expect([...(list.js as string[])]).toEqual(['a', 'b']);
  });

  it('runs prepared query values against the server', async () => {
    const coll = getCollection('people');
    await coll.insertMany([{ name: 'Ada' }, { name: 'adam' }, { name: 'Bob' }, { name: 'a.c' }]);
    const name = new StringField().bind('name', 'Person');
    const names = async (filter: object) =>
      (await coll.find(filter).toArray()).map((d) => d['name'] as string).sort();
    expect(await names({ name: name.prepareQueryValue('istartswith', 'ad') })).toEqual(['Ada', 'adam']);
    expect(await names({ name: name.prepareQueryValue('contains', '.') })).toEqual(['a.c']);
    expect(await names({ name: name.prepareQueryValue('iexact', 'bob') })).toEqual(['Bob']);
  });
});
