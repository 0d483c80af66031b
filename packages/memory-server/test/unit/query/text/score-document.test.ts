import { describe, expect, it } from 'vitest';
import { textLanguage } from '../../../../src/query/text/language.js';
import { scoreDocument, scoreString, textValuesOf } from '../../../../src/query/text/score-document.js';
import { buildTextQuery, INDEX_FOLD } from '../../../../src/query/text/text-query.js';
import type { TextIndexSpec } from '../../../../src/storage/text-index-spec.js';

const spec = (weights: Record<string, number>, wildcard = false): TextIndexSpec => ({
  weights: new Map(Object.entries(weights)),
  wildcard,
  defaultLanguage: 'english',
  languageOverride: 'language',
  prefixFields: [],
  suffixFields: [],
  partialFilterExpression: undefined,
});
const query = (search: string, fold = INDEX_FOLD) => buildTextQuery(search, 'english', fold);

describe('scoreString', () => {
  it('weighs repeats 1 + 1/2 + 1/4 and density 0.5 + 0.5 × count / tokens', () => {
    const scores = new Map<string, number>();
    scoreString('coffee coffee coffee cake', 2, textLanguage('english'), scores);
    // coffee: freq 1.75, coefficient 0.5 + 0.5 × 3/4 = 0.875, weight 2.
    expect(scores.get('coffe')).toBeCloseTo(1.75 * 0.875 * 2, 12);
    // cake: freq 1, coefficient 0.5 + 0.5 × 1/4 = 0.625; 'cake' is not the whole string.
    expect(scores.get('cake')).toBeCloseTo(0.625 * 2, 12);
  });

  it('boosts a string that is exactly its term by 1.1', () => {
    const scores = new Map<string, number>();
    scoreString('Cake', 1, textLanguage('english'), scores);
    expect(scores.get('cake')).toBeCloseTo(1.1, 12);
  });
});

describe('scoreDocument', () => {
  const s = spec({ title: 3, body: 1 });

  it('sums matched term scores over fields with their weights', () => {
    const doc = { title: 'Coffee cake', body: 'cake' };
    // title: coffee 3 × 0.75 + cake 3 × 0.75; body: cake 1.1.
    expect(scoreDocument(doc, s, query('coffee cake'))).toBeCloseTo(2.25 + 2.25 + 1.1, 12);
    expect(scoreDocument(doc, s, query('coffee'))).toBeCloseTo(2.25, 12);
    expect(scoreDocument(doc, s, query('tea'))).toBeUndefined();
  });

  it('requires every phrase and rejects negated terms and phrases', () => {
    const doc = { title: 'Iced coffee', body: 'cold brew' };
    // A phrase's words score too: coffee 3 × 0.75 + cold 0.75 + brew 0.75.
    expect(scoreDocument(doc, s, query('coffee "cold brew"'))).toBeCloseTo(3.75, 12);
    expect(scoreDocument(doc, s, query('coffee "brew cold"'))).toBeUndefined();
    expect(scoreDocument(doc, s, query('coffee -brewing'))).toBeUndefined();
    expect(scoreDocument(doc, s, query('coffee -"iced coffee"'))).toBeUndefined();
    expect(scoreDocument(doc, s, query('-tea'))).toBeUndefined();
  });

  it('checks the original case when case sensitive', () => {
    const doc = { title: 'Coffee', body: '' };
    expect(
      scoreDocument(doc, s, query('Coffee', { caseSensitive: true, diacriticSensitive: false })),
    ).toBeCloseTo(3, 12);
    expect(
      scoreDocument(doc, s, query('coffee', { caseSensitive: true, diacriticSensitive: false })),
    ).toBeUndefined();
  });

  it('collects arrays, nested fields, wildcards and language overrides', () => {
    expect(textValuesOf({ title: ['a b', 1, 'c'], language: 'none' }, spec({ title: 1 }))).toEqual([
      { text: 'a b', weight: 1, language: 'none' },
      { text: 'c', weight: 1, language: 'none' },
    ]);
    expect(textValuesOf({ a: { b: 'x', language: 'french' }, n: 2 }, spec({ 'a.b': 5 }, true))).toEqual([
      { text: 'x', weight: 5, language: 'french' },
    ]);
  });
});
