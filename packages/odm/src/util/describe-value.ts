import { inspect } from 'node:util';

/**
 * A short, single-line rendering of a value for error messages (never the whole document).
 *
 * @example
 * describeValue({ $ne: null }); // '{ $ne: null }'
 */
export function describeValue(value: unknown): string {
  const text = inspect(value, { depth: 2, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 60 });
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
