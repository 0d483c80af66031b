/**
 * Characters that separate words, after the Unicode properties MongoDB's version-3 tokenizer
 * uses (white space, dashes, hyphens, quotation marks, terminal punctuation, pattern syntax).
 * The apostrophe is a word character in English ("don't" is one token).
 */
const DELIMITER =
  /[\p{White_Space}\p{Dash}\p{Quotation_Mark}\p{Terminal_Punctuation}\p{Pattern_Syntax}\p{Sentence_Terminal}\u00AD\u2010\u2011]/u;

/**
 * Whether a character separates words for a language.
 *
 * @example
 * ```ts
 * isDelimiter(' ', 'english'); // true
 * isDelimiter("'", 'english'); // false
 * ```
 */
export function isDelimiter(char: string, language: string): boolean {
  if (char === "'" && language === 'english') return false;
  return DELIMITER.test(char);
}

/**
 * Splits text into raw words (no case or diacritic folding).
 *
 * @example
 * ```ts
 * tokenize('Coffee-shop, open 24h!', 'english'); // ['Coffee', 'shop', 'open', '24h']
 * ```
 */
export function tokenize(text: string, language: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    if (isDelimiter(char, language)) {
      if (current !== '') words.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current !== '') words.push(current);
  return words;
}

/**
 * Removes diacritics: canonical decomposition, then combining marks and other diacritic
 * characters dropped (é → e, ñ → n).
 *
 * @example
 * ```ts
 * removeDiacritics('Café Noël'); // 'Cafe Noel'
 * ```
 */
export function removeDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\p{Mn}\p{Diacritic}]/gu, '')
    .normalize('NFC');
}

/** How words are folded before comparison. */
export interface FoldOptions {
  readonly caseSensitive: boolean;
  readonly diacriticSensitive: boolean;
}

/**
 * Folds a string for comparison: lower case unless case-sensitive, diacritics removed unless
 * diacritic-sensitive.
 *
 * @example
 * ```ts
 * foldText('Café', { caseSensitive: false, diacriticSensitive: false }); // 'cafe'
 * ```
 */
export function foldText(text: string, options: FoldOptions): string {
  const cased = options.caseSensitive ? text : text.toLowerCase();
  return options.diacriticSensitive ? cased : removeDiacritics(cased);
}
