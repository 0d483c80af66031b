import { describe, expect, it } from 'vitest';
import { foldText, isDelimiter, removeDiacritics, tokenize } from '../../../../src/query/text/tokenize.js';

describe('tokenize', () => {
  it('splits on white space, punctuation, dashes and quotes', () => {
    expect(tokenize('Coffee-shop, open 24h! (daily) "fresh"; a/b', 'english')).toEqual([
      'Coffee',
      'shop',
      'open',
      '24h',
      'daily',
      'fresh',
      'a',
      'b',
    ]);
  });

  it('keeps the apostrophe inside English words only', () => {
    expect(tokenize("don't stop", 'english')).toEqual(["don't", 'stop']);
    expect(tokenize("don't stop", 'none')).toEqual(['don', 't', 'stop']);
    expect(isDelimiter("'", 'english')).toBe(false);
  });

  it('keeps underscores and digits in words, splits on non-ASCII white space and dashes', () => {
    expect(tokenize('snake_case 3.14\u00A0x\u2014y', 'english')).toEqual(['snake_case', '3', '14', 'x', 'y']);
  });
});

describe('folding', () => {
  it('removes diacritics by decomposition', () => {
    expect(removeDiacritics('Café Crème Noël Ångström')).toBe('Cafe Creme Noel Angstrom');
  });

  it('folds case and diacritics unless asked to keep them', () => {
    expect(foldText('Café', { caseSensitive: false, diacriticSensitive: false })).toBe('cafe');
    expect(foldText('Café', { caseSensitive: true, diacriticSensitive: false })).toBe('Cafe');
    expect(foldText('Café', { caseSensitive: false, diacriticSensitive: true })).toBe('café');
  });
});
