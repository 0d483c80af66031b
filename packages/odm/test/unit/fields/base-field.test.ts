import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/usage-errors.js';
import { IntField } from '../../../src/fields/int-field.js';
import { StringField } from '../../../src/fields/string-field.js';

describe('BaseField options', () => {
  it('binds name and dbField (dbField option, primaryKey → _id)', () => {
    expect(new StringField().bind('name', 'User').dbField).toBe('name');
    expect(new StringField({ dbField: 'n' }).bind('name', 'User').dbField).toBe('n');
    const pk = new StringField({ primaryKey: true }).bind('code', 'User');
    expect(pk.dbField).toBe('_id');
    expect(pk.required).toBe(true);
    expect(pk.unique).toBe(false);
    expect(new StringField({ uniqueWith: 'b' }).unique).toBe(true);
    expect(new StringField({ uniqueWith: 'b' }).uniqueWith).toEqual(['b']);
  });

  it('returns a bound copy when a field object is reused by another class', () => {
    const f = new StringField();
    const a = f.bind('a', 'A');
    const b = f.bind('b', 'B');
    expect(a).toBe(f);
    expect(b).not.toBe(f);
    expect([a.name, b.name, b.ownerName]).toEqual(['a', 'b', 'B']);
    expect(b).toBeInstanceOf(StringField);
  });

  it('rejects invalid dbField names', () => {
    expect(() => new StringField({ dbField: 'a.b' })).toThrow(/dbField/);
    expect(() => new StringField({ dbField: '$a' })).toThrow(/dbField/);
  });

  it('gives fresh defaults from functions', () => {
    let n = 0;
    const f = new IntField({ default: () => ++n });
    expect([f.getDefault(), f.getDefault()]).toEqual([1, 2]);
    expect(new IntField({ default: 5 }).getDefault()).toBe(5);
    expect(new IntField().getDefault()).toBeUndefined();
    expect(new IntField({ default: 5 }).hasDefault).toBe(true);
  });

  it('checks required-ness through checkRequired, not validate', () => {
    const f = new StringField({ required: true }).bind('name', 'User');
    expect(f.validate(undefined, 'name')).toEqual([]);
    expect(f.checkRequired(undefined, 'name')).toEqual({
      path: 'name',
      code: 'required',
      message: 'Field is required',
    });
    expect(f.checkRequired('', 'name')).toBeUndefined();
    expect(new StringField().checkRequired(undefined, 'x')).toBeUndefined();
  });

  it('validates choices (plain and labelled) and displays labels', () => {
    const f = new StringField({
      choices: [
        ['S', 'Small'],
        ['L', 'Large'],
      ],
    });
    expect(f.validate('S', 'size')).toEqual([]);
    expect(f.validate('M', 'size')[0]?.code).toBe('choices');
    expect(f.displayChoice('L')).toBe('Large');
    expect(new IntField({ choices: [1, 2] }).validate(3, 'n')[0]?.code).toBe('choices');
  });

  it('runs the validation option: false, message, or throw reject; void/true accept', () => {
    const even = (v: number) => v % 2 === 0;
    expect(new IntField({ validation: even }).validate(3, 'n')).toEqual([
      { path: 'n', code: 'validation', message: 'Value failed validation' },
    ]);
    expect(new IntField({ validation: even }).validate(4, 'n')).toEqual([]);
    expect(
      new IntField({ validation: (v) => (v > 3 ? 'too big' : undefined) }).validate(5, 'n')[0]?.message,
    ).toBe('too big');
    const thrower = new IntField({
      validation: () => {
        throw new Error('nope');
      },
    });
    expect(thrower.validate(1, 'n')[0]?.message).toBe('nope');
    // Type errors come first and skip the custom check.
    expect(new IntField({ validation: even }).validate('x', 'n')[0]?.code).toBe('type');
  });
});

describe('prepareQueryValue (operator-injection defence)', () => {
  const name = new StringField().bind('name', 'User');
  const age = new IntField().bind('age', 'User');

  it('rejects operator objects where a scalar is expected, naming the field', () => {
    expect(() => name.prepareQueryValue(undefined, { $ne: null })).toThrow(InvalidQueryError);
    expect(() => name.prepareQueryValue(undefined, { $ne: null })).toThrow(/'User\.name'/);
    expect(() => name.prepareQueryValue('ne', { $gt: '' })).toThrow(InvalidQueryError);
    expect(() => age.prepareQueryValue('in', [1, { $where: '1' }])).toThrow(InvalidQueryError);
    expect(() => age.prepareQueryValue(undefined, { a: 1 })).toThrow(InvalidQueryError);
  });

  it('casts values, list operators and checks operator shapes', () => {
    expect(age.prepareQueryValue('gte', '18')).toBe(18);
    expect(age.prepareQueryValue('in', ['1', 2])).toEqual([1, 2]);
    expect(() => age.prepareQueryValue('in', 1)).toThrow(/a list of values/);
    expect(age.prepareQueryValue('exists', true)).toBe(true);
    expect(() => age.prepareQueryValue('exists', 'yes')).toThrow(InvalidQueryError);
    expect(age.prepareQueryValue('size', 2)).toBe(2);
    expect(age.prepareQueryValue(undefined, null)).toBeNull();
    expect(() => age.prepareQueryValue('gt', 'abc')).toThrow(/integer/);
  });
});

describe('prepareQueryValue for mod and type', () => {
  const age = new IntField().bind('age', 'User');
  it('checks the operand shapes', () => {
    expect(age.prepareQueryValue('mod', [4, 0])).toEqual([4, 0]);
    expect(() => age.prepareQueryValue('mod', [4])).toThrow(InvalidQueryError);
    expect(() => age.prepareQueryValue('mod', { $gt: 1 })).toThrow(InvalidQueryError);
    expect(age.prepareQueryValue('type', 'int')).toBe('int');
    expect(() => age.prepareQueryValue('type', { $ne: 1 })).toThrow(InvalidQueryError);
  });
});
