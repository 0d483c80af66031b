import { isPlainDocument } from './bson-kind.js';

/**
 * Known differences between what the Node.js driver 7.x sends and what the spec tests expect,
 * none of which involve the server. They are smoothed out of the *actual* command before
 * matching, so that the conformance numbers measure the server, not the driver:
 *
 * - Without CSOT the driver adds `wtimeout: 10000` to the write concern of every
 *   `commitTransaction` / `abortTransaction` that has a write concern; the spec expects it only
 *   on retried commits.
 * - The driver leaves out `bypassDocumentValidation: false` (it sends the option only when
 *   true for findAndModify and aggregate); `false` is the server default, so the command means
 *   the same.
 *
 * @example
 * allowDriverDifferences({ writeConcern: { w: 1 } }, { commitTransaction: 1, writeConcern: { w: 1, wtimeout: 10000 } });
 * // → { commitTransaction: 1, writeConcern: { w: 1 } }
 */
export function allowDriverDifferences(expected: unknown, actual: unknown): unknown {
  if (!isPlainDocument(expected) || !isPlainDocument(actual)) return actual;
  let out = actual;
  const isTxnEnd = 'commitTransaction' in actual || 'abortTransaction' in actual;
  const expectedWc = expected['writeConcern'];
  const actualWc = actual['writeConcern'];
  if (isTxnEnd && isPlainDocument(expectedWc) && !('wtimeout' in expectedWc) && isPlainDocument(actualWc)) {
    if (actualWc['wtimeout'] === 10000) {
      const { wtimeout: _dropped, ...rest } = actualWc;
      out = { ...out, writeConcern: rest };
    }
  }
  if (expected['bypassDocumentValidation'] === false && !('bypassDocumentValidation' in actual)) {
    out = { ...out, bypassDocumentValidation: false };
  }
  return out;
}
