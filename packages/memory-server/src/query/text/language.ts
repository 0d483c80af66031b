import { stemmer } from 'stemmer';
import { ServerError } from '../../errors.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';

/**
 * How a language treats terms. Only English stems and drops stop words here; MongoDB's other
 * languages (Danish … Turkish) are accepted and behave like 'none' (no Snowball stemmers or stop
 * word lists for them are bundled).
 */
export interface TextLanguage {
  /** The canonical language name ('english', 'none', 'french' …). */
  readonly name: string;
  isStopWord(term: string): boolean;
  stem(term: string): string;
}

/** Language names and two-letter codes MongoDB's text index version 3 accepts. */
const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  none: 'none',
  danish: 'danish',
  da: 'danish',
  dutch: 'dutch',
  nl: 'dutch',
  english: 'english',
  en: 'english',
  finnish: 'finnish',
  fi: 'finnish',
  french: 'french',
  fr: 'french',
  german: 'german',
  de: 'german',
  hungarian: 'hungarian',
  hu: 'hungarian',
  italian: 'italian',
  it: 'italian',
  norwegian: 'norwegian',
  nb: 'norwegian',
  portuguese: 'portuguese',
  pt: 'portuguese',
  romanian: 'romanian',
  ro: 'romanian',
  russian: 'russian',
  ru: 'russian',
  spanish: 'spanish',
  es: 'spanish',
  swedish: 'swedish',
  sv: 'swedish',
  turkish: 'turkish',
  tr: 'turkish',
};

const ENGLISH: TextLanguage = {
  name: 'english',
  isStopWord: (term) => ENGLISH_STOP_WORDS.has(term),
  stem: (term) => stemmer(term),
};

const plain = (name: string): TextLanguage => ({ name, isStopWord: () => false, stem: (term) => term });

/**
 * The canonical name of a language MongoDB accepts, or undefined.
 *
 * @example
 * ```ts
 * canonicalLanguage('EN'); // 'english'
 * canonicalLanguage('klingon'); // undefined
 * ```
 */
export function canonicalLanguage(name: string): string | undefined {
  return LANGUAGE_CODES[name.toLowerCase()];
}

/**
 * The language behaviour for a name; throws BadValue for a language MongoDB does not support.
 *
 * @example
 * ```ts
 * textLanguage('english').stem('running'); // 'run'
 * textLanguage('none').isStopWord('the'); // false
 * ```
 */
export function textLanguage(name: string): TextLanguage {
  const canonical = canonicalLanguage(name);
  if (canonical === undefined) {
    throw new ServerError('BadValue', `unsupported language: "${name}" for text index version 3`);
  }
  return canonical === 'english' ? ENGLISH : plain(canonical);
}
