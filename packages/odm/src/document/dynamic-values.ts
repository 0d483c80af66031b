import { isEmbeddedInstance } from '../fields/embedded-protocol.js';
import { TrackedDict, TrackedList, isTracked, rebindTracked, type FieldContext } from '../fields/tracked.js';
import { isPlainObject } from '../util/is-plain-object.js';

/**
 * Binds a value of an undeclared (dynamic) attribute to its document: arrays and plain objects
 * become tracked (so `doc.extra.push(x)` is saved), embedded documents get their parent.
 *
 * @example
 * attachDynamic(['a'], { sink: doc, path: 'tags' }); // a TrackedList reporting to doc
 */
export function attachDynamic(value: unknown, ctx: FieldContext): unknown {
  if (isEmbeddedInstance(value)) {
    value._setParent(ctx);
    return value;
  }
  if (isTracked(value)) {
    rebindTracked(value, ctx);
    return value;
  }
  if (Array.isArray(value)) return TrackedList.create(value, ctx, attachDynamic);
  if (isPlainObject(value)) return TrackedDict.create(value, ctx, attachDynamic);
  return value;
}

/**
 * The stored form of a dynamic value: embedded documents through their `toMongo()`, containers
 * copied recursively, scalars (and BSON values) as they are.
 *
 * @example
 * dynamicToMongo([new Address({ city: 'Paris' })]); // [{ city: 'Paris' }]
 */
export function dynamicToMongo(value: unknown): unknown {
  if (isEmbeddedInstance(value)) return value.toMongo();
  if (Array.isArray(value)) return value.map(dynamicToMongo);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = dynamicToMongo(v);
    return out;
  }
  return value;
}
