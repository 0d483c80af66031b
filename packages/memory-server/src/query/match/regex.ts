import { BSONRegExp } from 'bson';
import { ServerError } from '../../errors.js';

const cache = new Map<string, RegExp>();
const VALID_OPTIONS = new Set(['i', 'm', 's', 'x', 'u']);

/** Removes unescaped whitespace and `#` comments outside character classes (PCRE's `x` option). */
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i += 1;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i += 1;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * Builds a JS `RegExp` for a MongoDB (PCRE) pattern and options, caching by pattern and options.
 * Leading inline options (`(?i)`), `\A`, `\z`/`\Z` and `(?P<name>…)` are translated; unknown
 * options fail with 51108 and invalid patterns with 51091, as in MongoDB.
 *
 * @example
 * ```ts
 * toJsRegExp('^a b$', 'ix').test('AB'); // true
 * ```
 */
export function toJsRegExp(pattern: string, options: string): RegExp {
  const key = `${options}/${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let source = pattern;
  let opts = options;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    opts += inline[1];
    source = source.slice(inline[0].length);
  }
  for (const option of opts) {
    if (!VALID_OPTIONS.has(option)) {
      throw new ServerError(
        { code: 51108, codeName: 'Location51108' },
        `invalid flag in regex options: ${option}`,
      );
    }
  }
  if (opts.includes('x')) source = stripExtended(source);
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$');
  let flags = '';
  for (const f of ['i', 'm', 's'] as const) if (opts.includes(f)) flags += f;
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (error) {
    throw new ServerError(
      { code: 51091, codeName: 'Location51091' },
      `Regular expression is invalid: ${(error as Error).message}`,
    );
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/**
 * The pattern and options of a regex value (`BSONRegExp` or JS `RegExp`), or `undefined`.
 *
 * @example
 * ```ts
 * regexSource(/a/i); // { pattern: 'a', options: 'i' }
 * ```
 */
export function regexSource(value: unknown): { pattern: string; options: string } | undefined {
  if (value instanceof BSONRegExp) return { pattern: value.pattern, options: value.options };
  if (value instanceof RegExp) return { pattern: value.source, options: value.flags.replace(/[gyd]/g, '') };
  return undefined;
}

/**
 * The test MongoDB applies for `$regex` (and regexes inside `$in`): strings and symbols are
 * searched; a stored regex matches only the identical regex.
 *
 * @example
 * ```ts
 * regexTester('^a', 'i')('Abc'); // true
 * ```
 */
export function regexTester(pattern: string, options: string): (value: unknown) => boolean {
  const re = toJsRegExp(pattern, options);
  const sortedOptions = [...options].sort().join('');
  return (value) => {
    if (typeof value === 'string') return re.test(value);
    if (value === null || typeof value !== 'object') return false;
    const tag = (value as { _bsontype?: unknown })._bsontype;
    if (tag === 'BSONSymbol') return re.test(String((value as { value: unknown }).value));
    const source = regexSource(value);
    return (
      source !== undefined &&
      source.pattern === pattern &&
      [...source.options].sort().join('') === sortedOptions
    );
  };
}
