/**
 * The registry of reverse delete rules: which field of which class refers to which target, and
 * what to do when a target is deleted. A class's rules are recorded when its metadata is first
 * computed (`onClassFinalised`); the targets are thunks, so they are resolved on first use.
 */
import { classInfo, onClassFinalised, type ClassInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import { onClassDefined } from '../document/define-class.js';
import { findDocumentClass, registeredDocumentNames } from '../document/registry.js';
import { OperationError } from '../errors/operation-error.js';
import { InvalidDocumentError } from '../errors/usage-errors.js';
import type { AnyField } from '../fields/base-field.js';
import { DeleteRule, isDeleteRule } from './delete-rule.js';

/** How a referring field stores its reference, which decides the query and the `$pull`. */
export type ReferenceKind =
  /** The id, or `DBRef(collection, id)` with `dbref: true` (ReferenceField, LazyReferenceField). */
  | 'ref'
  /** `{ _cls, _ref: DBRef }` (GenericReferenceField, GenericLazyReferenceField). */
  | 'generic'
  /** `{ _id, ...cached fields }` (CachedReferenceField). */
  | 'cached';

/** One registered rule: a referring field on `owner` and what deleting its target does. */
export interface DeleteRuleEntry {
  /** The class that declares the referring field (its subclasses share the rule through its queries). */
  readonly owner: ClassRef;
  /** `Owner.attr`, for messages. */
  readonly label: string;
  /** Db path of the referring field (the list itself for a list of references). */
  readonly path: string;
  /** What to do with the referrers when a target is deleted. */
  readonly rule: DeleteRule;
  /** True for `ListField(new ReferenceField(…))`. */
  readonly list: boolean;
  /** How the reference is stored, which decides the query that finds the referrers. */
  readonly kind: ReferenceKind;
  /** The reference field (the list's item field for a list). */
  readonly field: AnyField;
}

const entries: DeleteRuleEntry[] = [];
const seen = new WeakSet<ClassInfo>();
const resolved = new Map<DeleteRuleEntry, readonly ClassRef[]>();
let byTarget = new Map<ClassRef, readonly DeleteRuleEntry[]>();

/**
 * Rule-bearing fields seen by `define` whose class has not been finalised yet (attribute name
 * and rule, for the error). Classes register on first use, so a rule declared on a class the
 * process never touched would otherwise be skipped silently — a CASCADE or DENY quietly not
 * applied. Deleting one of their targets is refused instead (see {@link deleteRulesFor}).
 */
const pending = new Map<AnyField, { readonly attr: string; readonly rule: string }>();

const LIST_TYPES = new Set(['ListField', 'SortedListField']);
const GENERIC_TYPES = new Set(['GenericReferenceField', 'GenericLazyReferenceField']);

function ruleOption(field: AnyField): unknown {
  return (field.options as { reverseDeleteRule?: unknown }).reverseDeleteRule;
}

function itemOf(field: AnyField): AnyField | undefined {
  const item = (field as { field?: unknown }).field;
  return typeof item === 'object' && item !== null && 'options' in item ? (item as AnyField) : undefined;
}

function kindOf(field: AnyField): ReferenceKind | undefined {
  if (GENERIC_TYPES.has(field.fieldType)) return 'generic';
  if (field.fieldType === 'CachedReferenceField') return 'cached';
  return typeof (field as { targetThunk?: unknown }).targetThunk === 'function' ? 'ref' : undefined;
}

/** A rule somewhere below `field` (inside nested containers), for the definition error. */
function nestedRule(field: AnyField | undefined): boolean {
  for (let f = field; f !== undefined; f = itemOf(f)) if (ruleOption(f) !== undefined) return true;
  return false;
}

/**
 * Where a top-level field declares a rule: on itself (a reference) or on its list's item field.
 * Rules anywhere else (dicts, nested lists, a non-reference field) are definition errors.
 */
function ruleFieldOf(
  info: ClassInfo,
  attr: string,
  top: AnyField,
): { field: AnyField; list: boolean; kind: ReferenceKind } | undefined {
  const where = `${info.name}.${attr}`;
  const item = itemOf(top);
  if (ruleOption(top) !== undefined) {
    const kind = kindOf(top);
    if (kind === undefined) {
      throw new InvalidDocumentError(
        `${where}: reverseDeleteRule belongs on a reference field (for a list, on its item: new ListField(new ReferenceField(() => Target, { reverseDeleteRule }))).`,
      );
    }
    return { field: top, list: false, kind };
  }
  if (item === undefined || !nestedRule(item)) return undefined;
  const kind = ruleOption(item) === undefined ? undefined : kindOf(item);
  if (!LIST_TYPES.has(top.fieldType) || kind === undefined) {
    throw new InvalidDocumentError(
      `${where}: reverseDeleteRule is supported on a reference field and on the reference items of a ListField, not inside a ${top.fieldType}.`,
    );
  }
  return { field: item, list: true, kind };
}

/** True when a concrete ancestor already declares this very field (its rule covers this class). */
function inheritedFromConcrete(info: ClassInfo, attr: string, field: AnyField): boolean {
  for (let p = info.parent; p; p = p.parent) {
    if (p.fields[attr] !== field) return false;
    if (!p.meta.abstract) return true;
  }
  return false;
}

/**
 * Records the rules a class declares (called for every class as it is finalised).
 *
 * @throws {InvalidDocumentError} for an unknown rule, `PULL` on a field that is not a list, a rule
 *   in an embedded document or a dict, and a rule on a `GenericReferenceField` without `choices`.
 * @example
 * registerDeleteRules(classInfo(Post)); // Post.author CASCADE → User
 */
export function registerDeleteRules(info: ClassInfo): void {
  if (seen.has(info)) return;
  // Its rules are known from here on (or the class is rejected below and unusable). An abstract
  // class's rules stay pending: they apply through its concrete subclasses, once they register.
  if (!info.meta.abstract)
    for (const attr of info.fieldNames) pending.delete(ruleFieldCandidate(info.fields[attr]!));
  const found: DeleteRuleEntry[] = [];
  for (const attr of info.fieldNames) {
    const top = info.fields[attr]!;
    const at = ruleFieldOf(info, attr, top);
    if (at === undefined) continue;
    const where = `${info.name}.${attr}`;
    const rule = ruleOption(at.field);
    if (!isDeleteRule(rule)) {
      throw new InvalidDocumentError(
        `${where}: unknown reverseDeleteRule ${JSON.stringify(rule)}; use one of ${Object.keys(DeleteRule).join(', ')}.`,
      );
    }
    if (info.kind === 'embedded') {
      throw new InvalidDocumentError(
        `${where}: reverseDeleteRule cannot be declared in an embedded document; declare it on a field of the Document.`,
      );
    }
    if (rule === DeleteRule.PULL && !at.list) {
      throw new InvalidDocumentError(
        `${where}: the PULL rule removes an id from a list, so it needs a ListField of references; use NULLIFY for a single reference.`,
      );
    }
    if (
      at.kind === 'generic' &&
      rule !== DeleteRule.DO_NOTHING &&
      (at.field.options as { choices?: readonly unknown[] }).choices === undefined
    ) {
      throw new InvalidDocumentError(
        `${where}: a reverseDeleteRule on a generic reference needs \`choices\` (the classes whose deletes it watches).`,
      );
    }
    if (rule === DeleteRule.DO_NOTHING || info.meta.abstract) continue;
    if (inheritedFromConcrete(info, attr, top)) continue;
    found.push({
      owner: info.cls,
      label: where,
      path: top.dbField,
      rule,
      list: at.list,
      kind: at.kind,
      field: at.field,
    });
  }
  seen.add(info);
  if (found.length > 0) {
    entries.push(...found);
    byTarget = new Map();
  }
}

/** The target classes of a rule, or undefined while one cannot be resolved yet. */
function targetsOf(entry: DeleteRuleEntry): readonly ClassRef[] | undefined {
  const cached = resolved.get(entry);
  if (cached) return cached;
  let targets: ClassRef[];
  try {
    if (entry.kind === 'generic') {
      const choices = (entry.field.options as { choices?: readonly (ClassRef | string)[] }).choices ?? [];
      targets = [];
      for (const c of choices) {
        const cls = typeof c === 'string' ? findDocumentClass(c) : c;
        // A class named by string may be registered later: resolve again next time.
        if (cls === undefined) return undefined;
        targets.push(cls);
      }
    } else {
      targets = [(entry.field as unknown as { targetThunk: () => ClassRef }).targetThunk()];
    }
  } catch {
    // The thunk names a class that is not declared yet (temporal dead zone).
    return undefined;
  }
  resolved.set(entry, targets);
  return targets;
}

function related(a: ClassRef, b: ClassRef): boolean {
  return a === b || a.prototype instanceof b || b.prototype instanceof a;
}

/**
 * The rules that apply when documents of `cls` are deleted: those whose target is `cls`, one of
 * its ancestors (a rule on a target covers its subclasses), or one of its subclasses (deleting
 * through a base class may remove them). `DO_NOTHING` rules are never listed.
 *
 * @example
 * deleteRulesFor(User); // [{ label: 'Post.author', rule: 'CASCADE', path: 'author', … }]
 */
export function deleteRulesFor(cls: ClassRef): readonly DeleteRuleEntry[] {
  if (pending.size > 0) refuseUnregisteredReferrers(cls);
  const cached = byTarget.get(cls);
  if (cached) return cached;
  let complete = true;
  const rules = entries.filter((entry) => {
    const targets = targetsOf(entry);
    if (targets === undefined) complete = false;
    return targets !== undefined && targets.some((t) => related(cls, t));
  });
  if (complete) byTarget.set(cls, rules);
  return rules;
}

/**
 * Whether deleting a document of `cls` has any rule to apply (else a delete stays one command).
 *
 * @example
 * hasDeleteRulesFor(User); // true when e.g. Post.author has reverseDeleteRule: CASCADE
 */
export function hasDeleteRulesFor(cls: ClassRef): boolean {
  return deleteRulesFor(cls).length > 0;
}

/** The classes a field's rule watches, or undefined while its thunk / choices cannot be resolved. */
function watchedClasses(field: AnyField): readonly ClassRef[] | undefined {
  try {
    if (GENERIC_TYPES.has(field.fieldType)) {
      const choices = (field.options as { choices?: readonly (ClassRef | string)[] }).choices ?? [];
      const classes = choices.map((c) => (typeof c === 'string' ? findDocumentClass(c) : c));
      return classes.every((c) => c !== undefined) ? (classes as ClassRef[]) : undefined;
    }
    return [(field as unknown as { targetThunk: () => ClassRef }).targetThunk()];
  } catch {
    return undefined;
  }
}

/**
 * Throws when a class that was defined but never used declares a rule watching `cls`: its rule
 * cannot be applied (its collection is not known until the class is finalised), and deleting
 * without it could orphan documents or bypass a DENY.
 */
function refuseUnregisteredReferrers(cls: ClassRef): void {
  for (const [field, { attr, rule }] of pending) {
    const watched = watchedClasses(field);
    if (watched === undefined || !watched.some((t) => related(cls, t))) continue;
    throw new OperationError(
      `Cannot delete ${cls.name} documents: a document class with field '${attr}' declares ` +
        `reverseDeleteRule ${rule} on ${cls.name}, but that class has not been used or registered yet, ` +
        `so its rule cannot be applied. Register it at startup: add \`static { this.register(); }\` ` +
        `to its class body, or call \`Cls.register()\` before deleting.`,
    );
  }
}

/** The field that would carry a top-level field's rule: itself, or its list's item field. */
function ruleFieldCandidate(top: AnyField): AnyField {
  return ruleOption(top) !== undefined ? top : (itemOf(top) ?? top);
}

onClassDefined(({ fields }) => {
  for (const [attr, top] of Object.entries(fields)) {
    const field = ruleFieldCandidate(top);
    const rule = ruleOption(field);
    if (!isDeleteRule(rule) || rule === DeleteRule.DO_NOTHING || kindOf(field) === undefined) continue;
    pending.set(field, { attr, rule });
  }
});
onClassFinalised(registerDeleteRules);
// Classes finalised before this module loaded (it is loaded with the package index, so normally none).
for (const name of registeredDocumentNames()) {
  const cls = findDocumentClass(name);
  if (cls !== undefined) registerDeleteRules(classInfo(cls));
}
