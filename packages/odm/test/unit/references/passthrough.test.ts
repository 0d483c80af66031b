import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/index.js';
import { StringField } from '../../../src/fields/string-field.js';
import { Ref, withPassthrough } from '../../../src/references/index.js';

class PUser extends Document.define({ name: new StringField() }) {}

describe('withPassthrough', () => {
  it('reads target attributes once loaded, throws before, and keeps Ref members working', () => {
    const id = new ObjectId();
    const ref = withPassthrough(new Ref<PUser>(() => PUser, id)) as Ref<PUser> & { name?: string };
    expect(() => ref.name).toThrow(/not loaded/);
    expect(ref.id).toBe(id);
    expect(ref.targetClass).toBe(PUser); // a getter returning a class is not bound
    expect((ref as unknown as { then?: unknown }).then).toBeUndefined();
    expect((ref as unknown as { other?: unknown }).other).toBeUndefined();
    ref._resolve(new PUser({ id, name: 'Ada' }));
    expect(ref.name).toBe('Ada');
    expect(ref.equals(new Ref(() => PUser, id))).toBe(true);
    expect(withPassthrough(ref)).toBe(ref);
    expect(withPassthrough('x')).toBe('x');
  });
});
