/**
 * Escapes a string so it matches itself literally inside a regular expression.
 *
 * @example
 * new RegExp(escapeRegex('a.b*')).test('a.b*'); // true
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
