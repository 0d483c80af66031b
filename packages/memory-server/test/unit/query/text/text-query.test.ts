import { describe, expect, it } from 'vitest';
import { ENGLISH_STOP_WORDS } from '../../../../src/query/text/stop-words.js';
import { textLanguage } from '../../../../src/query/text/language.js';
import {
  buildTextQuery,
  INDEX_FOLD,
  parseSearch,
  termOf,
  termsOf,
} from '../../../../src/query/text/text-query.js';

const english = textLanguage('english');

describe('stop words and stemming', () => {
  it("holds MongoDB's 174 English stop words, contractions included", () => {
    expect(ENGLISH_STOP_WORDS.size).toBe(174);
    for (const word of ['the', 'and', "don't", "let's", 'yourselves', 'cannot'])
      expect(ENGLISH_STOP_WORDS.has(word)).toBe(true);
    expect(ENGLISH_STOP_WORDS.has('coffee')).toBe(false);
  });

  it('drops stop words and Porter-stems English terms', () => {
    expect(termsOf('The cakes are baking and Running', english, INDEX_FOLD)).toEqual(['cake', 'bake', 'run']);
    expect(termOf('The', english, INDEX_FOLD)).toBeUndefined();
    expect(termOf('happiness', english, INDEX_FOLD)).toBe('happi');
  });

  it("keeps words as they are for 'none' and other languages", () => {
    expect(termsOf('The cakes', textLanguage('none'), INDEX_FOLD)).toEqual(['the', 'cakes']);
    expect(termsOf('Les gâteaux', textLanguage('fr'), INDEX_FOLD)).toEqual(['les', 'gateaux']);
    expect(() => textLanguage('klingon')).toThrow(/unsupported language/);
  });

  it('keeps the original case on the stem when case sensitive', () => {
    expect(termOf('Running', english, { caseSensitive: true, diacriticSensitive: false })).toBe('Run');
  });
});

describe('parseSearch', () => {
  it('splits terms, phrases and negations', () => {
    expect(parseSearch('coffee -tea "iced latte" -"cold brew"', 'english')).toEqual({
      terms: ['coffee', 'iced', 'latte'],
      negatedTerms: ['tea'],
      phrases: ['iced latte'],
      negatedPhrases: ['cold brew'],
    });
  });

  it('treats an inner hyphen as a delimiter and an unterminated quote as a phrase to the end', () => {
    expect(parseSearch('pre-market "open all', 'english')).toEqual({
      terms: ['pre', 'market', 'open', 'all'],
      negatedTerms: [],
      phrases: ['open all'],
      negatedPhrases: [],
    });
  });

  it('builds index-form terms without stop words', () => {
    const query = buildTextQuery('The Cakes -tea', 'english', INDEX_FOLD);
    expect([...query.indexTerms]).toEqual(['cake']);
    expect([...query.negatedTerms]).toEqual(['tea']);
  });
});
