import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnectAll, getDb } from '../../../src/connection/connection-registry.js';
import { SequenceField } from '../../../src/fields/sequence-field.js';
import { freshDbName, uriFor } from '../../helpers.js';

beforeAll(async () => {
  await connect(uriFor(freshDbName('seq')));
});
afterAll(async () => {
  await disconnectAll();
});

describe('SequenceField (against the server)', () => {
  it('increments atomically in mongoengine.counters under <sequence>.<field>', async () => {
    const f = new SequenceField().bind('number', 'Invoice');
    f.ownerCollection = 'invoice';
    expect(f.autoGenerate).toBe(true);
    expect(f.checkRequired(undefined, 'number')).toBeUndefined();
    const values = await Promise.all(Array.from({ length: 10 }, () => f.generate()));
    expect([...values].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(
      await getDb()
        .collection('mongoengine.counters')
        .findOne({ _id: 'invoice.number' as never }),
    ).toEqual({
      _id: 'invoice.number',
      next: 10,
    });
    expect(await f.getNextValue()).toBe(11);
    await f.setNextValue(100);
    expect(await f.generate()).toBe(101);
  });

  it('uses sequenceName, collectionName and valueDecorator', async () => {
    const f = new SequenceField({
      sequenceName: 'shared',
      collectionName: 'ctr',
      valueDecorator: (n) => `INV-${n}`,
    }).bind('code', 'X');
    expect(await f.generate()).toBe('INV-1');
    expect(await f.generate()).toBe('INV-2');
    expect(
      await getDb()
        .collection('ctr')
        .findOne({ _id: 'shared.code' as never }),
    ).toEqual({ _id: 'shared.code', next: 2 });
    expect(f.validate('INV-2', 'code')).toEqual([]);
    expect(new SequenceField().validate('x', 'n')[0]?.code).toBe('type');
  });
});
