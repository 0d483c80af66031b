import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { parseIndexSpec } from '../../../../src/storage/index-definition.js';
import { textIndexSpecOf } from '../../../../src/storage/text-index-spec.js';

describe('text index specifications', () => {
  it('normalizes the key and fills in the options', () => {
    const definition = parseIndexSpec({
      key: { city: 1, title: 'text', body: 'text' },
      weights: { title: 5 },
    });
    expect(definition.name).toBe('city_1_title_text_body_text');
    expect(definition.spec).toEqual({
      v: 2,
      key: { city: 1, _fts: 'text', _ftsx: new Int32(1) },
      name: 'city_1_title_text_body_text',
      weights: { body: new Int32(1), title: new Int32(5) },
      default_language: 'english',
      language_override: 'language',
      textIndexVersion: new Int32(3),
    });
    const text = textIndexSpecOf(definition);
    expect(text.prefixFields).toEqual(['city']);
    expect([...text.weights]).toEqual([
      ['body', 1],
      ['title', 5],
    ]);
  });

  it('accepts its own listed form back and the wildcard', () => {
    const listed = parseIndexSpec({ key: { _fts: 'text', _ftsx: 1 }, name: 't', weights: { a: 2 } });
    expect(textIndexSpecOf(listed).weights.get('a')).toBe(2);
    expect(textIndexSpecOf(parseIndexSpec({ key: { '$**': 'text' } })).wildcard).toBe(true);
  });

  it("rejects MongoDB's invalid text index options", () => {
    expect(() => parseIndexSpec({ key: { a: 'text', b: 1, c: 'text' } })).toThrow(/must all be adjacent/);
    expect(() => parseIndexSpec({ key: { a: 'text' }, default_language: 'xx' })).toThrow(
      /unsupported language/,
    );
    expect(() => parseIndexSpec({ key: { a: 'text' }, weights: { a: 'x' } })).toThrow(/numeric/);
    expect(() => parseIndexSpec({ key: { a: 'text' }, weights: { a: 0 } })).toThrow(/too high/);
  });
});
