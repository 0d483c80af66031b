import { describe, expect, it } from 'vitest';
import {
  keyObject,
  keySignature,
  parseIndexSpec,
  serverKeyParts,
  type IndexParseContext,
} from '../../../src/document/index-spec.js';

const names: Record<string, string> = {
  pk: '_id',
  id: '_id',
  fullName: 'full_name',
  'address.city': 'addr.city',
};
const ctx: IndexParseContext = { resolvePath: (p) => names[p] ?? p, prependCls: false };
const inherit: IndexParseContext = { ...ctx, prependCls: true };

describe('parseIndexSpec', () => {
  it('reads every prefix form', () => {
    expect(parseIndexSpec('fullName', ctx).key).toEqual([['full_name', 1]]);
    expect(parseIndexSpec('+age', ctx).key).toEqual([['age', 1]]);
    expect(parseIndexSpec('-age', ctx).key).toEqual([['age', -1]]);
    expect(parseIndexSpec('$bio', ctx).key).toEqual([['bio', 'text']]);
    expect(parseIndexSpec('#token', ctx).key).toEqual([['token', 'hashed']]);
    expect(parseIndexSpec('(location', ctx).key).toEqual([['location', '2dsphere']]);
    expect(parseIndexSpec('*point', ctx).key).toEqual([['point', '2d']]);
    expect(parseIndexSpec('pk', ctx).key).toEqual([['_id', 1]]);
  });

  it('rejects geoHaystack and empty names', () => {
    expect(() => parseIndexSpec(')loc', ctx)).toThrow(/geoHaystack/);
    expect(() => parseIndexSpec('-', ctx)).toThrow(/names no field/);
    expect(() => parseIndexSpec({ fields: [] }, ctx)).toThrow(/non-empty/);
  });

  it('builds compound indexes from arrays and pairs, translating dotted names', () => {
    expect(parseIndexSpec(['fullName', '-age', ['address.city', 'hashed']], ctx).key).toEqual([
      ['full_name', 1],
      ['age', -1],
      ['addr.city', 'hashed'],
    ]);
  });

  it('keeps options of the object form and merges defaults under them', () => {
    const spec = parseIndexSpec(
      {
        fields: ['-age'],
        unique: true,
        sparse: true,
        expireAfterSeconds: 60,
        partialFilterExpression: { age: { $gt: 1 } },
        collation: { locale: 'fr' },
        name: 'age_idx',
      },
      { ...ctx, defaults: { background: true } },
    );
    expect(spec).toEqual({
      key: [['age', -1]],
      options: {
        background: true,
        unique: true,
        sparse: true,
        expireAfterSeconds: 60,
        partialFilterExpression: { age: { $gt: 1 } },
        collation: { locale: 'fr' },
        name: 'age_idx',
      },
    });
  });

  it('prepends _cls on inheritable classes except for sparse, geo or cls:false specs', () => {
    expect(parseIndexSpec('-age', inherit).key).toEqual([
      ['_cls', 1],
      ['age', -1],
    ]);
    expect(parseIndexSpec({ fields: ['age'], sparse: true }, inherit).key).toEqual([['age', 1]]);
    expect(parseIndexSpec('(loc', inherit).key).toEqual([['loc', '2dsphere']]);
    expect(parseIndexSpec({ fields: ['age'], cls: false }, inherit).key).toEqual([['age', 1]]);
    expect(parseIndexSpec({ fields: ['age'], cls: true }, ctx).key).toEqual([
      ['_cls', 1],
      ['age', 1],
    ]);
  });
});

describe('key helpers', () => {
  it('builds the driver key object in order', () => {
    expect(
      Object.entries(
        keyObject([
          ['b', 1],
          ['a', -1],
        ]),
      ),
    ).toEqual([
      ['b', 1],
      ['a', -1],
    ]);
  });

  it('compares text indexes order-insensitively and reads server text keys', () => {
    expect(
      keySignature([
        ['b', 'text'],
        ['a', 'text'],
      ]),
    ).toBe(
      keySignature([
        ['a', 'text'],
        ['b', 'text'],
      ]),
    );
    expect(
      keySignature([
        ['a', 1],
        ['b', -1],
      ]),
    ).not.toBe(
      keySignature([
        ['b', -1],
        ['a', 1],
      ]),
    );
    const server = serverKeyParts({ key: { _fts: 'text', _ftsx: 1 }, weights: { b: 1, a: 1 } });
    expect(keySignature(server)).toBe(
      keySignature([
        ['a', 'text'],
        ['b', 'text'],
      ]),
    );
    expect(serverKeyParts({ key: { age: -1, loc: '2dsphere' } })).toEqual([
      ['age', -1],
      ['loc', '2dsphere'],
    ]);
  });
});
