/**
 * Evaluating the reverse delete rules for a set of documents about to be deleted, in three
 * passes so that a refusal changes nothing:
 *
 * 1. plan — follow every CASCADE rule (breadth first, one `$in` query per rule and class) to the
 *    full set of documents the delete will remove; each (collection, id) is planned once, which
 *    is what stops reference cycles;
 * 2. check — for every DENY rule on every planned class, count referrers that are not themselves
 *    planned; any → `OperationError`, before anything is written;
 * 3. apply — NULLIFY (`$unset`) and PULL (`$pullAll`) on the referrers that stay, then delete
 *    the cascaded documents (deepest first). The caller deletes the original documents.
 *
 * Every query goes through `Owner.objects(...)`, so context switches and the transaction session
 * of `runInTransaction` apply: inside a transaction the whole cascade commits or aborts as one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DBRef } from 'mongodb';
import { classInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import { stableKey } from '../document/ejson.js';
import { installDocumentHook } from '../document/hooks.js';
import { createQuerySet } from '../document/objects.js';
import { OperationError } from '../errors/operation-error.js';
import { raw } from '../queryset/filter/index.js';
import { deleteMatching } from '../queryset/query-writes.js';
import type { QueryState } from '../queryset/query-state.js';
import { DeleteRule } from './delete-rule.js';
import { deleteRulesFor, hasDeleteRulesFor, type DeleteRuleEntry } from './delete-rules.js';

type Filter = Record<string, unknown>;

/** The queryset surface the rules use. */
interface RuleQuerySet {
  asRaw(): RuleQuerySet;
  only(...fields: string[]): RuleQuerySet;
  toArray(): Promise<Record<string, unknown>[]>;
  count(): Promise<number>;
  update(ops: unknown): Promise<number>;
  readonly state: QueryState;
}

/** Documents of one class the delete removes (stored `_id`s). */
interface PlanNode {
  readonly cls: ClassRef;
  readonly ids: unknown[];
}

/** (collection, id) keys of documents whose rules were already applied by an enclosing delete. */
const handled = new AsyncLocalStorage<ReadonlySet<string>>();

function objectsOf(cls: ClassRef, filter: Filter): RuleQuerySet {
  return createQuerySet(cls, raw(filter)) as RuleQuerySet;
}

function collectionOf(cls: ClassRef): string {
  const info = classInfo(cls);
  return info.collection ?? info.className;
}

function keyOf(collection: string, id: unknown): string {
  return `${collection}\u0000${stableKey(id)}`;
}

/** The referring documents' filter: the field holds one of `ids` (in its stored form). */
function referrerFilter(entry: DeleteRuleEntry, node: PlanNode): Filter {
  switch (entry.kind) {
    case 'generic':
      return { [`${entry.path}._ref`]: { $in: dbRefs(collectionOf(node.cls), node.ids) } };
    case 'cached':
      return { [`${entry.path}._id`]: { $in: node.ids } };
    case 'ref':
      return { [entry.path]: { $in: storedRefs(entry, node.ids) } };
  }
}

function storedRefs(entry: DeleteRuleEntry, ids: readonly unknown[]): unknown[] {
  if ((entry.field.options as { dbref?: boolean }).dbref !== true) return [...ids];
  const target = (entry.field as unknown as { targetThunk: () => ClassRef }).targetThunk();
  // The collection exactly as ReferenceField.toMongo writes it.
  return dbRefs(classInfo(target).collection ?? '', ids);
}

function dbRefs(collection: string, ids: readonly unknown[]): DBRef[] {
  return ids.map((id) => new DBRef(collection, id as never));
}

/** The `$pull` removing `ids` from a list of references. */
function pullUpdate(entry: DeleteRuleEntry, node: PlanNode): Filter {
  switch (entry.kind) {
    case 'generic':
      return { $pull: { [entry.path]: { _ref: { $in: dbRefs(collectionOf(node.cls), node.ids) } } } };
    case 'cached':
      return { $pull: { [entry.path]: { _id: { $in: node.ids } } } };
    case 'ref':
      return { $pullAll: { [entry.path]: storedRefs(entry, node.ids) } };
  }
}

class DeletePlan {
  readonly nodes: PlanNode[] = [];
  /** collection → (key → id) of every planned document. */
  readonly #planned = new Map<string, Map<string, unknown>>();

  /** Adds the ids not planned yet; returns them. */
  add(cls: ClassRef, ids: readonly unknown[]): unknown[] {
    const collection = collectionOf(cls);
    let keys = this.#planned.get(collection);
    if (!keys) this.#planned.set(collection, (keys = new Map()));
    const fresh: unknown[] = [];
    for (const id of ids) {
      const key = keyOf(collection, id);
      if (keys.has(key)) continue;
      keys.set(key, id);
      fresh.push(id);
    }
    if (fresh.length > 0) this.nodes.push({ cls, ids: fresh });
    return fresh;
  }

  /** `{ _id: { $nin: planned } }` for the owner's collection, so referrers that go too are left out. */
  exclusion(owner: ClassRef): Filter {
    const planned = this.#planned.get(collectionOf(owner));
    return planned && planned.size > 0 ? { _id: { $nin: [...planned.values()] } } : {};
  }

  keys(): Set<string> {
    const out = new Set<string>();
    for (const keys of this.#planned.values()) for (const key of keys.keys()) out.add(key);
    return out;
  }

  /** Planned nodes merged per class, so each rule runs one query per class. */
  byClass(): PlanNode[] {
    const merged = new Map<ClassRef, unknown[]>();
    for (const node of this.nodes) {
      const ids = merged.get(node.cls);
      if (ids) ids.push(...node.ids);
      else merged.set(node.cls, [...node.ids]);
    }
    return [...merged].map(([cls, ids]) => ({ cls, ids }));
  }
}

/** Pass 1: the full set of documents the delete removes, through every CASCADE rule. */
async function planCascade(cls: ClassRef, ids: readonly unknown[]): Promise<DeletePlan> {
  const plan = new DeletePlan();
  plan.add(cls, ids);
  for (let i = 0; i < plan.nodes.length; i++) {
    const node = plan.nodes[i]!;
    for (const entry of deleteRulesFor(node.cls)) {
      if (entry.rule !== DeleteRule.CASCADE) continue;
      const idField = classInfo(entry.owner).meta.idField ?? 'id';
      const found = await objectsOf(entry.owner, referrerFilter(entry, node)).asRaw().only(idField).toArray();
      plan.add(
        entry.owner,
        found.map((d) => d['_id']),
      );
    }
  }
  return plan;
}

/** Pass 2: refuses the whole delete when a DENY rule has a referrer that would remain. */
async function checkDeny(plan: DeletePlan, groups: readonly PlanNode[]): Promise<void> {
  for (const node of groups) {
    for (const entry of deleteRulesFor(node.cls)) {
      if (entry.rule !== DeleteRule.DENY) continue;
      const count = await objectsOf(entry.owner, {
        ...referrerFilter(entry, node),
        ...plan.exclusion(entry.owner),
      }).count();
      if (count > 0) {
        throw new OperationError(
          `Could not delete document (${entry.label} refers to it: ${count} document${count === 1 ? '' : 's'}). ` +
            `Delete or change the referring documents first; the rule is reverseDeleteRule: DENY.`,
        );
      }
    }
  }
}

/** Pass 3: NULLIFY / PULL on the referrers that stay, then the cascaded deletes. */
async function applyPlan(plan: DeletePlan, groups: readonly PlanNode[]): Promise<void> {
  for (const node of groups) {
    for (const entry of deleteRulesFor(node.cls)) {
      if (entry.rule !== DeleteRule.NULLIFY && entry.rule !== DeleteRule.PULL) continue;
      const update =
        entry.rule === DeleteRule.NULLIFY ? { $unset: { [entry.path]: 1 } } : pullUpdate(entry, node);
      await objectsOf(entry.owner, { ...referrerFilter(entry, node), ...plan.exclusion(entry.owner) }).update(
        raw(update),
      );
    }
  }
  const cascaded = plan.nodes.slice(1);
  if (cascaded.length === 0) return;
  const done = new Set([...(handled.getStore() ?? []), ...plan.keys()]);
  // Deepest first: an interruption outside a transaction leaves fewer dangling references.
  const merged = new Map<ClassRef, unknown[]>();
  for (const node of [...cascaded].reverse()) {
    const ids = merged.get(node.cls);
    if (ids) ids.push(...node.ids);
    else merged.set(node.cls, [...node.ids]);
  }
  await handled.run(done, async () => {
    for (const [cls, ids] of merged) {
      // A queryset delete, so the cascaded class's delete signals still run; its rules are
      // already applied (per document, the `handled` keys tell the hook so).
      const qs = objectsOf(cls, { _id: { $in: ids } });
      await deleteMatching(qs.state, {}, { rulesApplied: true });
    }
  });
}

/**
 * Applies the reverse delete rules for documents of `cls` (stored `_id`s) that are about to be
 * deleted: DENY checked everywhere first, then NULLIFY / PULL / CASCADE. Does not delete the
 * documents themselves. Ids whose rules an enclosing delete already applied are skipped.
 *
 * @throws {OperationError} when a DENY rule has referrers; nothing has been changed then.
 * @example
 * await applyDeleteRules(User, [ada.id]); // posts of Ada deleted (CASCADE), comments unset (NULLIFY)
 */
export async function applyDeleteRules(cls: ClassRef, ids: readonly unknown[]): Promise<void> {
  if (!hasDeleteRulesFor(cls)) return;
  const done = handled.getStore();
  const collection = collectionOf(cls);
  const todo = done ? ids.filter((id) => !done.has(keyOf(collection, id))) : ids;
  if (todo.length === 0) return;
  const plan = await planCascade(cls, todo);
  const groups = plan.byClass();
  await checkDeny(plan, groups);
  await applyPlan(plan, groups);
}

function storedIdOf(doc: object, cls: ClassRef): unknown {
  const info = classInfo(cls);
  const idField = info.meta.idField;
  const pk = (doc as { pk?: unknown }).pk;
  if (idField === undefined || pk === undefined || pk === null) return undefined;
  return info.fields[idField]!.toMongo(pk);
}

installDocumentHook(
  'applyDeleteRules',
  async (doc, { cls }) => {
    if (!hasDeleteRulesFor(cls)) return;
    const id = storedIdOf(doc, cls);
    if (id !== undefined) await applyDeleteRules(cls, [id]);
  },
  {
    // Classes nobody refers to with a rule keep their queryset deletes a single deleteMany.
    appliesTo: hasDeleteRulesFor,
    batch: (cls, ids) => applyDeleteRules(cls, ids),
  },
);
