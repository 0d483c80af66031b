/**
 * Thrown while preparing or running a test when the test needs something this runner or a
 * one-member 7.0 replica set cannot provide; the test is counted as skipped with `reason`.
 *
 * @example
 * throw new SkipError('client-side encryption is out of scope');
 */
export class SkipError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SkipError';
  }
}

/**
 * Thrown when an assertion of the test (a result, an error, events, outcome) does not hold.
 *
 * @example
 * throw new AssertionFailure('operations[0] (insertOne): expected 1 at insertedId, got 2');
 */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
  }
}
