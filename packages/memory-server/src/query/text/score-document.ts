import type { Doc } from '../../bson.js';
import { isPlainDocument } from '../compare.js';
import type { TextIndexSpec } from '../../storage/text-index-spec.js';
import { canonicalLanguage, textLanguage, type TextLanguage } from './language.js';
import { INDEX_FOLD, termsOf, type TextQuery } from './text-query.js';
import { foldText, type FoldOptions } from './tokenize.js';

/** One indexed string of a document, with the weight and language it is scored with. */
export interface TextValue {
  readonly text: string;
  readonly weight: number;
  readonly language: string;
}

/** The language a (sub)document asks for through the override field, else `inherited`. */
function languageOf(doc: Doc, spec: TextIndexSpec, inherited: string): string {
  const value = doc[spec.languageOverride];
  return typeof value === 'string' && canonicalLanguage(value) !== undefined ? value : inherited;
}

function collectAt(
  value: unknown,
  parts: readonly string[],
  spec: TextIndexSpec,
  weight: number,
  language: string,
  out: TextValue[],
): void {
  if (parts.length === 0) {
    if (typeof value === 'string') out.push({ text: value, weight, language });
    else if (Array.isArray(value))
      for (const item of value) if (typeof item === 'string') out.push({ text: item, weight, language });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectAt(item, parts, spec, weight, language, out);
    return;
  }
  if (!isPlainDocument(value)) return;
  const [head, ...rest] = parts as [string, ...string[]];
  collectAt(value[head], rest, spec, weight, languageOf(value, spec, language), out);
}

function collectAll(
  value: unknown,
  path: string,
  spec: TextIndexSpec,
  language: string,
  out: TextValue[],
): void {
  if (typeof value === 'string') {
    out.push({ text: value, weight: spec.weights.get(path) ?? 1, language });
  } else if (Array.isArray(value)) {
    for (const item of value) collectAll(item, path, spec, language, out);
  } else if (isPlainDocument(value)) {
    const inner = languageOf(value, spec, language);
    for (const [key, child] of Object.entries(value)) {
      // The language override field names a language; it is not indexed text.
      if (key === spec.languageOverride) continue;
      collectAll(child, path === '' ? key : `${path}.${key}`, spec, inner, out);
    }
  }
}

/**
 * The strings a text index holds for a document: each weighted field (arrays of strings count
 * string by string), or every string under the `$**` wildcard, each with the language of the
 * nearest (sub)document naming one in the override field.
 *
 * @example
 * ```ts
 * textValuesOf({ title: 'Cafe', tags: ['hot', 'cold'] }, spec);
 * // [{ text: 'Cafe', weight: 1, language: 'english' }, { text: 'hot', … }, { text: 'cold', … }]
 * ```
 */
export function textValuesOf(doc: Doc, spec: TextIndexSpec): TextValue[] {
  const language = languageOf(doc, spec, spec.defaultLanguage);
  const out: TextValue[] = [];
  if (spec.wildcard) {
    collectAll(doc, '', spec, language, out);
    return out;
  }
  for (const [path, weight] of spec.weights) collectAt(doc, path.split('.'), spec, weight, language, out);
  return out;
}

/**
 * Adds one string's term scores to `scores`, with MongoDB's formula: a term seen n times counts
 * 1 + 1/2 + … + 1/2^(n-1) (repeats count less and less), times `0.5 + 0.5 × n / tokens` (terms
 * dense in a short string count more), times 1.1 when the whole string is just that term, times
 * the field weight.
 *
 * @example
 * ```ts
 * const scores = new Map<string, number>();
 * scoreString('coffee coffee cake', 1, textLanguage('english'), scores);
 * scores.get('coffe'); // 1.5 × (0.5 + 0.5 × 2/3) = 1.25
 * ```
 */
export function scoreString(
  text: string,
  weight: number,
  language: TextLanguage,
  scores: Map<string, number>,
): void {
  const terms = termsOf(text, language, INDEX_FOLD);
  const stats = new Map<string, { count: number; freq: number; exp: number }>();
  for (const term of terms) {
    const entry = stats.get(term);
    if (entry) {
      entry.exp *= 2;
      entry.count += 1;
      entry.freq += 1 / entry.exp;
    } else {
      stats.set(term, { count: 1, freq: 1, exp: 1 });
    }
  }
  for (const [term, { count, freq }] of stats) {
    const coefficient = (0.5 * count) / terms.length + 0.5;
    const adjustment = text.length === term.length && text.toLowerCase() === term.toLowerCase() ? 1.1 : 1;
    scores.set(term, (scores.get(term) ?? 0) + weight * freq * coefficient * adjustment);
  }
}

/**
 * The term scores of a document under a text index (what MongoDB stores as index keys).
 *
 * @example
 * ```ts
 * documentTermScores(textValuesOf({ title: 'cake' }, spec)).get('cake'); // 1.1
 * ```
 */
export function documentTermScores(values: readonly TextValue[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const value of values) scoreString(value.text, value.weight, textLanguage(value.language), scores);
  return scores;
}

function hasTerm(values: readonly TextValue[], wanted: ReadonlySet<string>, fold: FoldOptions): boolean {
  if (wanted.size === 0) return false;
  for (const value of values) {
    for (const term of termsOf(value.text, textLanguage(value.language), fold))
      if (wanted.has(term)) return true;
  }
  return false;
}

function hasPhrase(values: readonly TextValue[], phrase: string, fold: FoldOptions): boolean {
  const needle = foldText(phrase, fold);
  return values.some((value) => foldText(value.text, fold).includes(needle));
}

/**
 * Tests a document against a `$text` query: one positive term present (checked with the query's
 * case/diacritic sensitivity when it asks for it), no negated term, every phrase, no negated
 * phrase. Returns the text score (the summed scores of the positive terms) or undefined.
 *
 * @example
 * ```ts
 * scoreDocument({ title: 'iced coffee' }, spec, buildTextQuery('coffee -tea', 'english', INDEX_FOLD)); // 0.75
 * ```
 */
export function scoreDocument(doc: Doc, spec: TextIndexSpec, query: TextQuery): number | undefined {
  if (query.indexTerms.size === 0) return undefined;
  const values = textValuesOf(doc, spec);
  if (values.length === 0) return undefined;
  const scores = documentTermScores(values);
  let score = 0;
  let found = false;
  for (const term of query.indexTerms) {
    const termScore = scores.get(term);
    if (termScore !== undefined) {
      found = true;
      score += termScore;
    }
  }
  if (!found) return undefined;
  const sensitive = query.fold.caseSensitive || query.fold.diacriticSensitive;
  if (sensitive && !hasTerm(values, query.terms, query.fold)) return undefined;
  if (hasTerm(values, query.negatedTerms, query.fold)) return undefined;
  if (!query.phrases.every((phrase) => hasPhrase(values, phrase, query.fold))) return undefined;
  if (query.negatedPhrases.some((phrase) => hasPhrase(values, phrase, query.fold))) return undefined;
  return score;
}
