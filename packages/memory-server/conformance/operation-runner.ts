import { toDriverOptions } from './driver-options.js';
import type { EntityMap } from './entity-map.js';
import { checkExpectedError, describeError } from './expect-error.js';
import { matchValue } from './matcher.js';
import { handlerFor } from './operations/operation-table.js';
import type { TargetKind } from './operations/operation-table.js';
import type { OperationContext } from './operations/operation-types.js';
import { AssertionFailure, SkipError } from './skip-error.js';
import type { SpecDoc, SpecOperation } from './spec-types.js';

/** The driver object an operation's `object` names, with its kind. */
function resolveTarget(object: string, entities: EntityMap): [TargetKind, unknown] {
  if (object === 'testRunner') return ['testRunner', undefined];
  const entity = entities.get(object);
  switch (entity.kind) {
    case 'client':
      return ['client', entity.value.client];
    case 'session':
      return ['session', entity];
    default:
      return [entity.kind, entity.value];
  }
}

/** Spec arguments as driver options: session ids become sessions, concerns and read preferences driver objects. */
function prepareArguments(args: SpecDoc | undefined, entities: EntityMap): SpecDoc {
  const out = toDriverOptions(args);
  if (typeof out['session'] === 'string') out['session'] = entities.session(out['session']).session;
  return out;
}

/**
 * Runs one operation and checks its `expectResult` / `expectError`, saving the result when asked.
 * With `nested` (inside a `withTransaction` callback) an unexpected driver error is rethrown
 * unchanged, so the driver's retry logic sees its labels; otherwise it becomes an
 * {@link AssertionFailure}.
 *
 * @example
 * await executeOperation({ name: 'insertOne', object: 'collection0', arguments: { document: { _id: 1 } } }, 'operations[0]', ctx, false);
 */
export async function executeOperation(
  op: SpecOperation,
  where: string,
  ctx: OperationContext,
  nested: boolean,
): Promise<void> {
  const [kind, target] = resolveTarget(op.object, ctx.entities);
  const handler = handlerFor(kind, op.name);
  if (!handler) throw new SkipError(`operation ${op.name} not supported by this runner`);
  const args = kind === 'testRunner' ? (op.arguments ?? {}) : prepareArguments(op.arguments, ctx.entities);
  const label = `${where} (${op.name} on ${op.object})`;

  let result: unknown;
  try {
    result = await handler(target, args, ctx);
  } catch (error) {
    if (error instanceof AssertionFailure || error instanceof SkipError) throw error;
    if (op.expectError) {
      const problem = checkExpectedError(op.expectError, error, ctx.entities);
      if (problem) throw new AssertionFailure(`${label}: ${problem}`);
      // Inside a withTransaction callback the expected error still aborts the callback, so the
      // driver decides (by its labels) whether to retry or give up.
      if (nested) throw error;
      return;
    }
    // In a withTransaction callback every error reaches the driver, even an ignored one: its
    // labels decide whether the callback is retried.
    if (nested) throw error;
    if (op.ignoreResultAndError) return;
    throw new AssertionFailure(`${label}: unexpected error ${describeError(error)}`);
  }

  if (op.expectError)
    throw new AssertionFailure(`${label}: expected an error, got result ${safeJson(result)}`);
  if (op.expectResult !== undefined && !op.ignoreResultAndError) {
    const m = matchValue(op.expectResult, result, { root: true, entities: ctx.entities, path: 'result' });
    if (m) throw new AssertionFailure(`${label}: ${m.path}: ${m.message}`);
  }
  if (op.saveResultAsEntity) ctx.entities.save(op.saveResultAsEntity, result);
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 'undefined' : text.slice(0, 200);
  } catch {
    return String(value);
  }
}
