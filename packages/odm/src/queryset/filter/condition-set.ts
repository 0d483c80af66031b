import type { Document } from 'mongodb';

/**
 * One compiled condition on a path: either an operator object built by the compiler, or a plain
 * value (equality, or a RegExp from a string lookup). Keeping the two apart means user data is
 * never mistaken for operators when conditions are merged.
 */
export type Condition = { readonly ops: Readonly<Record<string, unknown>> } | { readonly value: unknown };

/**
 * Sets a key without invoking the `__proto__` setter.
 *
 * @example
 * const out: Record<string, unknown> = {};
 * setOwn(out, 'a.b', 1); // out: { a: { b: 1 } }
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function conditionValue(c: Condition): unknown {
  return 'ops' in c ? { ...c.ops } : c.value;
}

/** Merges two conditions on one path into one, or undefined when they conflict. */
function mergeConditions(a: Condition, b: Condition): Condition | undefined {
  if ('ops' in a && 'ops' in b) {
    if (Object.keys(b.ops).some((k) => k in a.ops)) return undefined;
    return { ops: { ...a.ops, ...b.ops } };
  }
  // A string lookup's regex can sit next to other operators as `$regex`.
  if ('value' in a && a.value instanceof RegExp && 'ops' in b && !('$regex' in b.ops)) {
    return { ops: { $regex: a.value, ...b.ops } };
  }
  if ('ops' in a && 'value' in b && b.value instanceof RegExp && !('$regex' in a.ops)) {
    return { ops: { ...a.ops, $regex: b.value } };
  }
  return undefined;
}

/** `$maxDistance` / `$minDistance` belong inside a GeoJSON `$near` / `$nearSphere`. */
function foldDistances(ops: Record<string, unknown>): Record<string, unknown> {
  for (const nearOp of ['$near', '$nearSphere']) {
    const near = ops[nearOp];
    if (typeof near !== 'object' || near === null || Array.isArray(near) || !('$geometry' in near)) continue;
    const inner: Record<string, unknown> = { ...(near as Record<string, unknown>) };
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ops)) {
      if (k === '$maxDistance' || k === '$minDistance') inner[k] = v;
      else if (k !== nearOp) rest[k] = v;
    }
    return { [nearOp]: inner, ...rest };
  }
  return ops;
}

/**
 * Collects the conditions of one lookup object and builds the MongoDB filter: conditions on
 * the same path merge into one operator object (`age__gte` + `age__lte` → `{ age: { $gte, $lte } }`);
 * conflicting ones (two equalities, a repeated operator) go to `$and`.
 */
export class ConditionSet {
  private readonly byPath = new Map<string, Condition[]>();
  private readonly raws: Document[] = [];

  add(path: string, condition: Condition): void {
    const list = this.byPath.get(path);
    if (list) list.push(condition);
    else this.byPath.set(path, [condition]);
  }

  addRaw(filter: Document): void {
    this.raws.push(filter);
  }

  build(): Document {
    const out: Record<string, unknown> = {};
    const and: Document[] = [];
    for (const [path, conditions] of this.byPath) {
      let merged: Condition | undefined;
      for (const c of conditions) {
        const next = merged === undefined ? c : mergeConditions(merged, c);
        if (next === undefined) {
          const extra: Record<string, unknown> = {};
          setOwn(extra, path, finalValue(c));
          and.push(extra);
        } else merged = next;
      }
      if (merged !== undefined) setOwn(out, path, finalValue(merged));
    }
    for (const raw of this.raws) {
      for (const [key, value] of Object.entries(raw)) {
        if (key === '$and' && Array.isArray(value)) and.push(...(value as Document[]));
        else if (Object.prototype.hasOwnProperty.call(out, key)) {
          const extra: Record<string, unknown> = {};
          setOwn(extra, key, value);
          and.push(extra);
        } else setOwn(out, key, value);
      }
    }
    if (and.length > 0) out['$and'] = and;
    return out;
  }
}

function finalValue(c: Condition): unknown {
  return 'ops' in c ? foldDistances({ ...c.ops }) : conditionValue(c);
}
