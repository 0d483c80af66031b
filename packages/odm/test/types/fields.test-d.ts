import { describe, expectTypeOf, it } from 'vitest';
import type { Decimal128, Long, ObjectId } from 'mongodb';
import type {
  FieldInput,
  FieldValue,
  InsertShape,
  InstanceShape,
  IsRequiredField,
} from '../../src/fields/base-field.js';
import type { BooleanField } from '../../src/fields/boolean-field.js';
import type { Decimal128Field, DecimalField } from '../../src/fields/decimal-field.js';
import { DateTimeField } from '../../src/fields/date-fields.js';
import { DictField, MapField } from '../../src/fields/dict-field.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import {
  EmbeddedDocumentListField,
  type EmbeddedDocumentList,
} from '../../src/fields/embedded-document-list.js';
import { EnumField } from '../../src/fields/enum-field.js';
import type { FloatField } from '../../src/fields/float-field.js';
import type { PointField } from '../../src/fields/geo-fields.js';
import { IntField, LongField } from '../../src/fields/int-field.js';
import { ListField } from '../../src/fields/list-field.js';
import type { ObjectIdField } from '../../src/fields/object-id-field.js';
import { SequenceField } from '../../src/fields/sequence-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { FakeAddress } from '../unit/fields/fake-embedded.js';

describe('required-ness inference', () => {
  it('keeps required and defaults from the options literal', () => {
    const _req = new StringField({ required: true });
    const _opt = new StringField();
    const _optExplicitFalse = new StringField({ required: false, maxLength: 3 });
    const _def = new StringField({ default: 'x' });
    const _fn = new StringField({ default: () => 'x', maxLength: 3 });
    const _pk = new StringField({ primaryKey: true });
    expectTypeOf<IsRequiredField<typeof _req>>().toEqualTypeOf<true>();
    expectTypeOf<IsRequiredField<typeof _opt>>().toEqualTypeOf<false>();
    expectTypeOf<IsRequiredField<typeof _optExplicitFalse>>().toEqualTypeOf<false>();
    expectTypeOf<IsRequiredField<typeof _def>>().toEqualTypeOf<true>();
    expectTypeOf<IsRequiredField<typeof _fn>>().toEqualTypeOf<true>();
    expectTypeOf<IsRequiredField<typeof _pk>>().toEqualTypeOf<true>();
    // Lists and dicts always hold a value (implicit empty default).
    expectTypeOf<IsRequiredField<ListField<IntField>>>().toEqualTypeOf<true>();
    expectTypeOf<IsRequiredField<DictField>>().toEqualTypeOf<true>();
  });

  it('builds instance and insert shapes', () => {
    const _fields = {
      name: new StringField({ required: true }),
      nick: new StringField(),
      score: new IntField({ default: 0 }),
      tags: new ListField(new StringField()),
      views: new LongField(),
      when: new DateTimeField({ required: true, default: () => new Date() }),
    };
    expectTypeOf<InstanceShape<typeof _fields>>().toEqualTypeOf<{
      name: string;
      score: number;
      tags: string[];
      when: Date;
      nick?: string | undefined;
      views?: bigint | undefined;
    }>();
    expectTypeOf<InsertShape<typeof _fields>>().toEqualTypeOf<{
      name: string;
      nick?: string | undefined | null;
      score?: number | undefined | null;
      tags?: string[] | undefined | null;
      views?: bigint | number | Long | undefined | null;
      when?: Date | string | number | undefined | null;
    }>();
  });
});

describe('FieldValue / FieldInput per field', () => {
  it('pins value types', () => {
    expectTypeOf<FieldValue<IntField>>().toEqualTypeOf<number>();
    expectTypeOf<FieldValue<FloatField>>().toEqualTypeOf<number>();
    expectTypeOf<FieldValue<BooleanField>>().toEqualTypeOf<boolean>();
    expectTypeOf<FieldValue<LongField>>().toEqualTypeOf<bigint>();
    expectTypeOf<FieldValue<DecimalField>>().toEqualTypeOf<string>();
    expectTypeOf<FieldValue<Decimal128Field>>().toEqualTypeOf<Decimal128>();
    expectTypeOf<FieldValue<ObjectIdField>>().toEqualTypeOf<ObjectId>();
    expectTypeOf<FieldInput<ObjectIdField>>().toEqualTypeOf<ObjectId | string>();
    expectTypeOf<FieldValue<DateTimeField>>().toEqualTypeOf<Date>();
    const _status = new EnumField({ New: 'new', Done: 'done' } as const);
    expectTypeOf<FieldValue<typeof _status>>().toEqualTypeOf<'new' | 'done'>();
    const _level = new EnumField([1, 2, 3] as const, { default: 1 });
    expectTypeOf<FieldValue<typeof _level>>().toEqualTypeOf<1 | 2 | 3>();
    expectTypeOf<IsRequiredField<typeof _level>>().toEqualTypeOf<true>();
    const _grid = new ListField(new ListField(new IntField()));
    expectTypeOf<FieldValue<typeof _grid>>().toEqualTypeOf<number[][]>();
    expectTypeOf<FieldValue<DictField>>().toEqualTypeOf<Record<string, unknown>>();
    const _counts = new MapField(new IntField());
    expectTypeOf<FieldValue<typeof _counts>>().toEqualTypeOf<Record<string, number>>();
    const _typedDict = new DictField(new StringField(), { required: true });
    expectTypeOf<FieldValue<typeof _typedDict>>().toEqualTypeOf<Record<string, string>>();
    const _seq = new SequenceField();
    expectTypeOf<FieldValue<typeof _seq>>().toEqualTypeOf<number>();
    const _code = new SequenceField({ valueDecorator: (n) => `INV-${n}` });
    expectTypeOf<FieldValue<typeof _code>>().toEqualTypeOf<string>();
    expectTypeOf<FieldValue<PointField>['coordinates']>().toEqualTypeOf<[number, number]>();
  });

  it('types embedded fields from the class', () => {
    const _address = new EmbeddedDocumentField(FakeAddress, { required: true });
    expectTypeOf<FieldValue<typeof _address>>().toEqualTypeOf<FakeAddress>();
    expectTypeOf<FieldInput<typeof _address>>().toEqualTypeOf<FakeAddress | { city?: string }>();
    expectTypeOf<IsRequiredField<typeof _address>>().toEqualTypeOf<true>();
    const _lazy = new EmbeddedDocumentField(() => FakeAddress);
    expectTypeOf<FieldValue<typeof _lazy>>().toEqualTypeOf<FakeAddress>();
    const _list = new EmbeddedDocumentListField(FakeAddress);
    expectTypeOf<FieldValue<typeof _list>>().toEqualTypeOf<EmbeddedDocumentList<FakeAddress>>();
  });

  it('types callbacks in options from the field', () => {
    new IntField({ validation: (v) => expectTypeOf(v).toEqualTypeOf<number>() === undefined });
    new StringField({ validation: (v) => v.length > 2, required: true });
    new ListField(new StringField(), { choices: ['a', 'b'] });
    // @ts-expect-error a default must have the field's type
    new IntField({ default: 'x' });
    // @ts-expect-error unknown option
    new StringField({ maxLen: 3 });
  });
});
