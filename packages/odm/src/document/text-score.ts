/**
 * Text scores of documents loaded by a `searchText()` query. Kept beside the instance rather
 * than in its data, so a score is never tracked as a change nor written back on save.
 */

const scores = new WeakMap<object, number>();

/**
 * Records the relevance score a `$text` query gave a loaded document.
 *
 * @example
 * setTextScore(post, 1.5);
 */
export function setTextScore(doc: object, score: number): void {
  scores.set(doc, score);
}

/**
 * The relevance score recorded for a document, or undefined when it was not loaded by a text search.
 *
 * @example
 * textScoreOf(post); // 1.5
 */
export function textScoreOf(doc: object): number | undefined {
  return scores.get(doc);
}
