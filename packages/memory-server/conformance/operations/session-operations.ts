import { toDriverOptions } from '../driver-options.js';
import type { SessionEntity } from '../entity-map.js';
import type { SpecDoc, SpecOperation } from '../spec-types.js';
import type { OperationHandler } from './operation-types.js';

const entity = (target: unknown): SessionEntity => target as SessionEntity;

/**
 * Session and transaction operations on a `session` entity; `withTransaction` runs its callback
 * operations through the runner, so a driver error inside reaches the driver's retry logic intact.
 *
 * @example
 * await sessionOperations.startTransaction!(sessionEntity, {}, ctx);
 */
export const sessionOperations: Record<string, OperationHandler> = {
  async startTransaction(target, args) {
    entity(target).session.startTransaction(toDriverOptions(args));
    return undefined;
  },
  async commitTransaction(target) {
    await entity(target).session.commitTransaction();
    return undefined;
  },
  async abortTransaction(target) {
    await entity(target).session.abortTransaction();
    return undefined;
  },
  async endSession(target) {
    const s = entity(target);
    s.lsid ??= s.session.id;
    await s.session.endSession();
    return undefined;
  },
  async withTransaction(target, args, ctx) {
    const { callback, ...options } = args as SpecDoc & { callback: SpecOperation[] };
    await entity(target).session.withTransaction(() => ctx.runNested(callback), toDriverOptions(options));
    return undefined;
  },
};
