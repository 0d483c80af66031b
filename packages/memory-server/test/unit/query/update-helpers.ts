import { expect } from 'vitest';
import type { Doc } from '../../../src/bson.js';
import { ServerError } from '../../../src/errors.js';
import { applyUpdate } from '../../../src/query/update.js';

/** Deep-freezes a document so any mutation by the engine throws. */
export function frozen<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)
  ) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** Applies an update to a frozen copy of `doc` and returns the result. */
export function apply(
  doc: Doc,
  update: Doc | Doc[],
  options: Parameters<typeof applyUpdate>[2] = {},
): ReturnType<typeof applyUpdate> {
  return applyUpdate(frozen(doc), update, options);
}

/** The ServerError thrown by `fn` (fails the test when nothing or something else is thrown). */
export function serverError(fn: () => unknown): ServerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ServerError);
    return error as ServerError;
  }
  expect.fail('expected a ServerError');
}

/** Asserts `fn` throws a ServerError with `code` (and a message matching `message`, if given). */
export function expectCode(fn: () => unknown, code: number, message?: string | RegExp): ServerError {
  const error = serverError(fn);
  expect(error.code, error.message).toBe(code);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
