/**
 * The default collection name of a document class: its class name in snake_case, the way
 * MongoEngine derives it (every capital starts a new word, so `HTTPLog` becomes `h_t_t_p_log`).
 *
 * @example
 * ```ts
 * defaultCollectionName('BlogPost'); // 'blog_post'
 * ```
 */
export function defaultCollectionName(className: string): string {
  let out = '';
  for (const ch of className) {
    out += ch !== ch.toLowerCase() ? `_${ch}` : ch;
  }
  return out.replace(/^_+|_+$/g, '').toLowerCase();
}
