import { describe, expect, it } from 'vitest';
import {
  DoesNotExist,
  InvalidQueryError,
  MultipleObjectsReturned,
  NotRegistered,
} from '../../../src/errors/usage-errors.js';
import {
  EmbeddedDocumentField,
  GenericEmbeddedDocumentField,
} from '../../../src/fields/embedded-document-field.js';
import {
  EmbeddedDocumentList,
  EmbeddedDocumentListField,
} from '../../../src/fields/embedded-document-list.js';
import { setEmbeddedClassResolver } from '../../../src/fields/embedded-protocol.js';
import { FakeAddress } from './fake-embedded.js';

function sink() {
  const paths: string[] = [];
  let saved = 0;
  return {
    paths,
    saved: () => saved,
    markChanged: (p: string) => paths.push(p),
    save: async () => {
      saved++;
      return 'saved';
    },
  };
}

describe('EmbeddedDocumentField', () => {
  const f = new EmbeddedDocumentField(FakeAddress).bind('address', 'User');

  it('loads with the parent attached and serialises back', () => {
    const s = sink();
    const a = f.toJs({ city: 'Paris' }, { sink: s, path: 'address' }) as FakeAddress;
    expect(a).toBeInstanceOf(FakeAddress);
    a.setCity('Lyon');
    expect(s.paths).toEqual(['address.city']);
    expect(f.toMongo(a)).toEqual({ city: 'Lyon' });
  });

  it('turns plain objects into instances and validates with nested paths', () => {
    expect(f.cast({ city: 'X' })).toBeInstanceOf(FakeAddress);
    expect(f.validate(new FakeAddress(), 'address')).toEqual([
      { path: 'address.city', code: 'required', message: 'Field is required' },
    ]);
    expect(f.validate({ city: 'X' }, 'address')[0]?.code).toBe('type');
  });

  it('resolves thunks and names lazily; unknown names throw NotRegistered', () => {
    expect(new EmbeddedDocumentField(() => FakeAddress).documentType).toBe(FakeAddress);
    setEmbeddedClassResolver((n) => (n === 'FakeAddress' ? FakeAddress : undefined));
    expect(new EmbeddedDocumentField('FakeAddress').documentType).toBe(FakeAddress);
    expect(() => new EmbeddedDocumentField('Nope').bind('x', 'T').documentType).toThrow(NotRegistered);
  });

  it('prepares query values and rejects operator objects', () => {
    expect(f.prepareQueryValue(undefined, new FakeAddress({ city: 'P' }))).toEqual({ city: 'P' });
    expect(f.prepareQueryValue(undefined, { city: 'P' })).toEqual({ city: 'P' });
    expect(() => f.prepareQueryValue(undefined, { city: { $ne: null } })).toThrow(InvalidQueryError);
  });
});

describe('GenericEmbeddedDocumentField', () => {
  it('stores _cls and loads by it; documentTypes limits classes', () => {
    setEmbeddedClassResolver((n) => (n === 'FakeAddress' ? FakeAddress : undefined));
    const f = new GenericEmbeddedDocumentField().bind('block', 'T');
    expect(f.toMongo(new FakeAddress({ city: 'A' }))).toEqual({ _cls: 'FakeAddress', city: 'A' });
    expect(f.toJs({ _cls: 'FakeAddress', city: 'A' }, { path: 'block' })).toBeInstanceOf(FakeAddress);
    expect(() => f.toJs({ _cls: 'Gone' }, { path: 'block' })).toThrow(NotRegistered);
    class Other extends FakeAddress {
      static override readonly _className = 'Other';
    }
    const limited = new GenericEmbeddedDocumentField({ documentTypes: [Other] });
    expect(limited.validate(new FakeAddress({ city: 'x' }), 'b')[0]?.code).toBe('choices');
    expect(limited.validate(new Other({ city: 'x' }), 'b')).toEqual([]);
  });
});

describe('EmbeddedDocumentListField', () => {
  const f = new EmbeddedDocumentListField(FakeAddress).bind('addresses', 'User');

  it('loads into an EmbeddedDocumentList whose items report under list.N', () => {
    const s = sink();
    const list = f.toJs([{ city: 'a' }, { city: 'b' }], {
      sink: s,
      path: 'addresses',
    }) as EmbeddedDocumentList<FakeAddress>;
    expect(list).toBeInstanceOf(EmbeddedDocumentList);
    list[1]!.setCity('z');
    expect(s.paths).toEqual(['addresses.1.city']);
    list.shift();
    list[0]!.setCity('y');
    expect(s.paths.at(-1)).toBe('addresses.0.city');
    expect(f.validate([new FakeAddress({ city: 'x' }), new FakeAddress()], 'addresses')).toEqual([
      { path: 'addresses.1.city', code: 'required', message: 'Field is required' },
    ]);
  });

  it('has filter/exclude/count/get/first/create/delete/update/save', async () => {
    const s = sink();
    const list = f.toJs([{ city: 'a' }, { city: 'b' }, { city: 'a' }], {
      sink: s,
      path: 'addresses',
    }) as EmbeddedDocumentList<FakeAddress>;
    expect(list.filter({ city: 'a' }).count()).toBe(2);
    expect(list.exclude({ city: 'a' }).count()).toBe(1);
    expect(list.filter((x) => x.city === 'b')).toHaveLength(1);
    expect(list.get({ city: 'b' }).city).toBe('b');
    expect(() => list.get({ city: 'a' })).toThrow(MultipleObjectsReturned);
    expect(() => list.get({ city: 'q' })).toThrow(DoesNotExist);
    expect(list.first()?.city).toBe('a');
    s.paths.length = 0;
    const created = list.create({ city: 'new' });
    expect(created).toBeInstanceOf(FakeAddress);
    expect(list.count()).toBe(4);
    expect(s.paths).toEqual(['addresses']);
    expect(list.filter({ city: 'a' }).update({ city: 'c' })).toBe(2);
    expect(list.filter({ city: 'c' }).delete()).toBe(2);
    expect(list.map((x) => x.city)).toEqual(['b', 'new']);
    expect(await list.save()).toBe('saved');
    expect(s.saved()).toBe(1);
  });

  it('refuses save when not attached', async () => {
    const loose = EmbeddedDocumentList.create<FakeAddress, EmbeddedDocumentList<FakeAddress>>([], {
      path: 'x',
    });
    await expect(loose.save()).rejects.toThrow(/not attached/);
    expect(() => f.prepareQueryValue(undefined, { $ne: 1 })).toThrow(InvalidQueryError);
  });
});
