import { describe, expect, it } from 'vitest';
import { ReadPreference } from 'mongodb';
import { toDriverOptions, toReadPreference, withUriOptions } from '../../../conformance/driver-options.js';

describe('withUriOptions', () => {
  it('adds options to the query, keeping and overriding existing ones', () => {
    expect(withUriOptions('mongodb://127.0.0.1:5/', { w: 'majority', retryWrites: false })).toBe(
      'mongodb://127.0.0.1:5/?w=majority&retryWrites=false',
    );
    expect(withUriOptions('mongodb://127.0.0.1:5/?replicaSet=rs0&w=1', { w: 0 })).toBe(
      'mongodb://127.0.0.1:5/?replicaSet=rs0&w=0',
    );
    expect(withUriOptions('mongodb://127.0.0.1:5', { w: 1 })).toBe('mongodb://127.0.0.1:5/?w=1');
    expect(withUriOptions('mongodb://127.0.0.1:5/db', { w: 1 })).toBe('mongodb://127.0.0.1:5/db?w=1');
  });

  it('returns the URI unchanged without options', () => {
    expect(withUriOptions('mongodb://h:1/?replicaSet=rs0', undefined)).toBe('mongodb://h:1/?replicaSet=rs0');
  });
});

describe('toDriverOptions', () => {
  it('converts read preferences and write concerns, passing the rest through', () => {
    const out = toDriverOptions({
      readPreference: { mode: 'secondaryPreferred' },
      writeConcern: { w: 1, j: true },
      ordered: false,
    });
    expect(out['readPreference']).toBeInstanceOf(ReadPreference);
    expect((out['readPreference'] as ReadPreference).mode).toBe('secondaryPreferred');
    expect(out['writeConcern']).toEqual({ w: 1, journal: true });
    expect(out['ordered']).toBe(false);
  });

  it('accepts capitalised modes and plain strings', () => {
    expect(toReadPreference({ mode: 'Primary' }).mode).toBe('primary');
    expect(toReadPreference('nearest').mode).toBe('nearest');
  });
});
