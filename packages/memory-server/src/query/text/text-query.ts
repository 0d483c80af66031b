import { foldText, isDelimiter, tokenize, type FoldOptions } from './tokenize.js';
import { textLanguage, type TextLanguage } from './language.js';

/** A `$search` string split into its parts (raw words and phrases, before folding). */
export interface ParsedSearch {
  /** Words searched for (any one matches), including the words of non-negated phrases. */
  readonly terms: readonly string[];
  /** Words whose presence excludes a document (`-word`). */
  readonly negatedTerms: readonly string[];
  /** Phrases a document must all contain (`"exact phrase"`). */
  readonly phrases: readonly string[];
  /** Phrases whose presence excludes a document (`-"exact phrase"`). */
  readonly negatedPhrases: readonly string[];
}

/**
 * Splits a `$search` string as MongoDB's query parser does: quoted text is a phrase (an
 * unterminated quote runs to the end), a `-` at the start of a word (after white space or at
 * the start) negates that word or phrase, other delimiters (a hyphen inside `pre-market`)
 * only separate words.
 *
 * @example
 * ```ts
 * parseSearch('coffee -tea "iced latte"', 'english');
 * // { terms: ['coffee', 'iced', 'latte'], negatedTerms: ['tea'], phrases: ['iced latte'], negatedPhrases: [] }
 * ```
 */
export function parseSearch(search: string, language: string): ParsedSearch {
  const terms: string[] = [];
  const negatedTerms: string[] = [];
  const phrases: string[] = [];
  const negatedPhrases: string[] = [];
  const chars = [...search];
  let negation = false;
  let phraseStart: number | undefined;
  let phraseNegated = false;
  let word = '';
  const flushWord = (): void => {
    if (word === '') return;
    if (phraseStart !== undefined) {
      if (!phraseNegated) terms.push(word);
    } else {
      (negation ? negatedTerms : terms).push(word);
      negation = false;
    }
    word = '';
  };
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (!isDelimiter(char, language)) {
      word += char;
      continue;
    }
    flushWord();
    const previous = i === 0 ? ' ' : (chars[i - 1] as string);
    const afterSpace = /\s/u.test(previous);
    if (char === '"') {
      if (phraseStart === undefined) {
        phraseStart = i + 1;
        phraseNegated = negation;
      } else {
        const phrase = chars.slice(phraseStart, i).join('');
        (phraseNegated ? negatedPhrases : phrases).push(phrase);
        phraseStart = undefined;
        phraseNegated = false;
      }
      negation = false;
    } else if (char === '-' && phraseStart === undefined && afterSpace) {
      negation = true;
    } else if (!/\s/u.test(char)) {
      negation = false;
    }
  }
  flushWord();
  if (phraseStart !== undefined) {
    const phrase = chars.slice(phraseStart).join('');
    (phraseNegated ? negatedPhrases : phrases).push(phrase);
  }
  return { terms, negatedTerms, phrases, negatedPhrases };
}

/** Folding options that MongoDB's index keys use (case and diacritic insensitive). */
export const INDEX_FOLD: FoldOptions = { caseSensitive: false, diacriticSensitive: false };

/**
 * Keeps the case of `original` on a stem computed from its lower-case form (stems are mostly a
 * prefix of the word: 'Running' → 'Run').
 */
function restoreCase(stem: string, original: string): string {
  const source = [...original];
  return [...stem]
    .map((char, i) => (source[i]?.toLowerCase() === char ? (source[i] as string) : char))
    .join('');
}

/**
 * The term one word stands for under a language and folding: undefined for a stop word,
 * else the folded, stemmed form.
 *
 * @example
 * ```ts
 * termOf('Running', textLanguage('english'), INDEX_FOLD); // 'run'
 * termOf('the', textLanguage('english'), INDEX_FOLD); // undefined
 * ```
 */
export function termOf(word: string, language: TextLanguage, fold: FoldOptions): string | undefined {
  const insensitive = foldText(word, { caseSensitive: false, diacriticSensitive: fold.diacriticSensitive });
  if (language.isStopWord(foldText(word, INDEX_FOLD)) || language.isStopWord(insensitive)) return undefined;
  const stem = language.stem(insensitive);
  return fold.caseSensitive ? restoreCase(stem, foldText(word, fold)) : stem;
}

/**
 * The terms of a text (tokenized, stop words dropped, folded and stemmed).
 *
 * @example
 * ```ts
 * termsOf('The cakes are baking', textLanguage('english'), INDEX_FOLD); // ['cake', 'bake']
 * ```
 */
export function termsOf(text: string, language: TextLanguage, fold: FoldOptions): string[] {
  const out: string[] = [];
  for (const word of tokenize(text, language.name)) {
    const term = termOf(word, language, fold);
    if (term !== undefined) out.push(term);
  }
  return out;
}

/** A `$text` query ready to test documents. */
export interface TextQuery {
  readonly language: TextLanguage;
  readonly fold: FoldOptions;
  /** Index-form (insensitive) positive terms: a document needs one of them; the score sums them. */
  readonly indexTerms: ReadonlySet<string>;
  /** Positive terms in the query's folding (checked when case or diacritic sensitive). */
  readonly terms: ReadonlySet<string>;
  readonly negatedTerms: ReadonlySet<string>;
  readonly phrases: readonly string[];
  readonly negatedPhrases: readonly string[];
}

/**
 * Builds a {@link TextQuery} from a search string.
 *
 * @example
 * ```ts
 * buildTextQuery('Cakes -tea', 'english', { caseSensitive: false, diacriticSensitive: false }).indexTerms; // Set { 'cake' }
 * ```
 */
export function buildTextQuery(search: string, languageName: string, fold: FoldOptions): TextQuery {
  const language = textLanguage(languageName);
  const parsed = parseSearch(search, language.name);
  const collect = (words: readonly string[], options: FoldOptions): Set<string> => {
    const out = new Set<string>();
    for (const word of words) for (const term of termsOf(word, language, options)) out.add(term);
    return out;
  };
  return {
    language,
    fold,
    indexTerms: collect(parsed.terms, INDEX_FOLD),
    terms: collect(parsed.terms, fold),
    negatedTerms: collect(parsed.negatedTerms, fold),
    phrases: parsed.phrases,
    negatedPhrases: parsed.negatedPhrases,
  };
}
