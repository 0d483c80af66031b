import type { Doc } from '../bson.js';

/**
 * Where a document carries its `$text` relevance score. The text-search feature attaches it to
 * the documents it returns (a symbol key never reaches the wire); `{ $meta: 'textScore' }` in sort
 * and projection reads it.
 *
 * @example
 * ```ts
 * const scored = Object.assign({ ...doc }, { [TEXT_SCORE]: 1.5 });
 * ```
 */
export const TEXT_SCORE: unique symbol = Symbol.for('mongoengine-ts.textScore');

/**
 * The text score attached to a document, if any.
 *
 * @example
 * ```ts
 * textScoreOf({ [TEXT_SCORE]: 2 }); // 2
 * ```
 */
export function textScoreOf(doc: Doc): number | undefined {
  const score = (doc as { [TEXT_SCORE]?: unknown })[TEXT_SCORE];
  return typeof score === 'number' ? score : undefined;
}
