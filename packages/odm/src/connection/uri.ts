/** The parts of a `mongodb://` / `mongodb+srv://` URI the connection registry needs. */
export interface ParsedUri {
  /** Scheme, credentials, hosts, and query string, without the database path. */
  readonly withoutDb: string;
  /** Database name from the path, or undefined. */
  readonly dbName: string | undefined;
  /** True when the URI carries a username. */
  readonly hasCredentials: boolean;
}

const URI_RE = /^(mongodb(?:\+srv)?:\/\/)([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i;

/**
 * Splits a MongoDB connection string; returns undefined when it is not one.
 *
 * @example
 * parseMongoUri('mongodb://u:p@h:27017/blog?tls=false'); // { withoutDb: 'mongodb://u:p@h:27017/?tls=false', dbName: 'blog', hasCredentials: true }
 */
export function parseMongoUri(uri: string): ParsedUri | undefined {
  const m = URI_RE.exec(uri.trim());
  if (!m) return undefined;
  const [, scheme, authority = '', path, query = ''] = m;
  const rawDb = path && path.length > 1 ? path.slice(1) : undefined;
  return {
    withoutDb: `${scheme}${authority}/${query}`,
    dbName: rawDb === undefined ? undefined : decodeURIComponent(rawDb),
    hasCredentials: authority.includes('@'),
  };
}

/**
 * The URI with any password (and username) replaced, safe for error messages and logs.
 *
 * @example
 * redactUri('mongodb://ada:secret@h/blog'); // 'mongodb://***@h/blog'
 */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/?#]*@/i, '$1***@');
}
