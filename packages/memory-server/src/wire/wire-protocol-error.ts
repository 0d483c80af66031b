/**
 * A malformed or unsupported message. The connection that sent it is closed; unlike
 * `ServerError`, it never becomes a reply, because after a framing error the byte stream
 * cannot be trusted any more.
 *
 * @example
 * ```ts
 * throw new WireProtocolError('declared message length 3 is below the 16-byte header');
 * ```
 */
export class WireProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireProtocolError';
  }
}
