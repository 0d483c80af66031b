/**
 * The names of the reverse delete rules. Kept apart from the rule registry so that the reference
 * fields can type their `reverseDeleteRule` option without importing the registry (which imports
 * them).
 */

/**
 * What happens to documents that refer to a document being deleted, per referring field:
 * `DO_NOTHING` (the default; references may dangle), `NULLIFY` (`$unset` the field), `CASCADE`
 * (delete the referrers too, running their own rules), `DENY` (refuse the delete while any
 * referrer exists), `PULL` (remove the id from a list of references).
 *
 * @example
 * class Post extends Document.define({
 *   author: new ReferenceField(() => User, { reverseDeleteRule: DeleteRule.CASCADE }),
 * }) {}
 */
export const DeleteRule = {
  /** Leave the referrers alone (the default); their references may dangle. */
  DO_NOTHING: 'DO_NOTHING',
  /** `$unset` the referring field (a whole list of references too). */
  NULLIFY: 'NULLIFY',
  /** Delete the referrers as well, applying their own rules. */
  CASCADE: 'CASCADE',
  /** Refuse the delete while any referrer exists. */
  DENY: 'DENY',
  /** Remove the target's id from a list of references. */
  PULL: 'PULL',
} as const;

/** One of the {@link DeleteRule} names. */
export type DeleteRule = (typeof DeleteRule)[keyof typeof DeleteRule];

/**
 * No action when the target is deleted (the default).
 *
 * @example
 * new ReferenceField(() => User, { reverseDeleteRule: DO_NOTHING });
 */
export const DO_NOTHING = DeleteRule.DO_NOTHING;

/**
 * `$unset` the referring field when the target is deleted (for a list field, the whole list, as
 * MongoEngine does; use {@link PULL} to remove only the id).
 *
 * @example
 * new ReferenceField(() => User, { reverseDeleteRule: NULLIFY }); // { $unset: { editor: 1 } }
 */
export const NULLIFY = DeleteRule.NULLIFY;

/**
 * Delete the referring documents with the target (recursively, with their own rules).
 *
 * @example
 * // Python: author = ReferenceField(User, reverse_delete_rule=CASCADE)
 * new ReferenceField(() => User, { reverseDeleteRule: CASCADE });
 */
export const CASCADE = DeleteRule.CASCADE;

/**
 * Refuse to delete the target while a document refers to it (`OperationError`, nothing changed).
 *
 * @example
 * new ReferenceField(() => User, { reverseDeleteRule: DENY });
 */
export const DENY = DeleteRule.DENY;

/**
 * Remove the target's id from a list of references (only valid on a `ListField` item).
 *
 * @example
 * new ListField(new ReferenceField(() => User, { reverseDeleteRule: PULL })); // { $pullAll: { tagged: [id] } }
 */
export const PULL = DeleteRule.PULL;

/**
 * True for one of the {@link DeleteRule} names.
 *
 * @example
 * isDeleteRule('CASCADE'); // true
 */
export function isDeleteRule(value: unknown): value is DeleteRule {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DeleteRule, value);
}
