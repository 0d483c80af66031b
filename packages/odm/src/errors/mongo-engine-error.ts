/**
 * Root of every error thrown by mongoengine-ts, so callers can catch the ODM's errors apart from
 * driver or application errors.
 *
 * @example
 * try { await user.save(); } catch (e) { if (e instanceof MongoEngineError) console.error(e.message); }
 */
export class MongoEngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // `new.target.name` keeps subclass names without each subclass repeating this line.
    this.name = new.target.name;
  }
}
