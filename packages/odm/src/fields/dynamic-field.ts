import type { ValidationIssue } from '../errors/validation-error.js';
import { hasOperatorKey, isPlainObject } from '../util/is-plain-object.js';
import { BaseField, type AnyField, type BaseFieldOptions } from './base-field.js';
import { isEmbeddedInstance, resolveEmbeddedClass, type EmbeddedClass } from './embedded-protocol.js';
import { TrackedDict, TrackedList, isTracked, rebindTracked, type FieldContext } from './tracked.js';

function childPath(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/** Attaches any value: containers become tracked (recursively), embedded documents get their parent. */
export function attachDynamic(value: unknown, ctx: FieldContext): unknown {
  if (rebindTracked(value, ctx)) return value;
  if (isEmbeddedInstance(value)) {
    value._setParent(ctx);
    return value;
  }
  if (Array.isArray(value)) return TrackedList.create(value, ctx, attachDynamic);
  if (isPlainObject(value)) return TrackedDict.create(value, ctx, attachDynamic);
  return value;
}

/** Serialises any value: embedded documents with their `_cls`, containers recursively. */
export function dynamicToMongo(value: unknown): unknown {
  if (isEmbeddedInstance(value)) {
    const doc = value.toMongo();
    const cls = (value.constructor as Partial<EmbeddedClass>)._className;
    return cls !== undefined && doc['_cls'] === undefined ? { _cls: cls, ...doc } : doc;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : dynamicToMongo(v)));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dynamicToMongo(v);
    return out;
  }
  return value;
}

/** Loads any stored value: `{ _cls }` objects of a registered embedded class become instances. */
export function dynamicToJs(raw: unknown, ctx: FieldContext): unknown {
  if (Array.isArray(raw)) {
    return TrackedList.create(
      raw.map((r: unknown, i) => dynamicToJs(r, { sink: ctx.sink, path: childPath(ctx.path, i) })),
      ctx,
      attachDynamic,
    );
  }
  if (isPlainObject(raw)) {
    const clsName = raw['_cls'];
    const cls = typeof clsName === 'string' ? resolveEmbeddedClass(clsName) : undefined;
    if (cls) return cls.fromMongo(raw, ctx);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw))
      out[k] = dynamicToJs(v, { sink: ctx.sink, path: childPath(ctx.path, k) });
    return TrackedDict.create(out, ctx, attachDynamic);
  }
  return raw;
}

/** Validates embedded documents found anywhere inside a value. */
export function validateDynamic(value: unknown, path: string): ValidationIssue[] {
  if (isEmbeddedInstance(value)) return value._validateIssues(path);
  const issues: ValidationIssue[] = [];
  if (Array.isArray(value))
    value.forEach((v: unknown, i) => issues.push(...validateDynamic(v, childPath(path, i))));
  else if (isPlainObject(value) || isTracked(value)) {
    for (const [k, v] of Object.entries(value as object))
      issues.push(...validateDynamic(v, childPath(path, k)));
  }
  return issues;
}

/**
 * Any value (MongoEngine's DynamicField, used for the undeclared attributes of dynamic
 * documents): containers are tracked, embedded documents are stored with `_cls`. Query values
 * may be scalars, lists or sub-documents, but never operator objects.
 *
 * @example
 * const extra = new DynamicField();
 */
export class DynamicField<
  const TOptions extends BaseFieldOptions<unknown> = BaseFieldOptions<unknown>,
> extends BaseField<unknown, TOptions> {
  readonly fieldType: string = 'DynamicField';

  override attach(value: unknown, ctx: FieldContext): unknown {
    return attachDynamic(value, ctx);
  }

  override toMongo(value: unknown): unknown {
    return dynamicToMongo(value);
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    return dynamicToJs(raw, ctx);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    return validateDynamic(value, path);
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (containsOperator(value)) throw this.queryError(op, value, 'a plain value, not an operator object');
    return dynamicToMongo(value);
  }

  override lookupMember(name: string): AnyField | undefined {
    return new DynamicField().bind(`${this.name}.${name}`, this.ownerName);
  }
}

/** True when an object or array nested anywhere in `value` has a `$` key. */
export function containsOperator(value: unknown): boolean {
  if (hasOperatorKey(value)) return true;
  if (Array.isArray(value)) return value.some(containsOperator);
  if (isPlainObject(value)) return Object.values(value).some(containsOperator);
  return false;
}
