import { DBRef } from 'mongodb';
import type { AnyDocumentClass } from '../document/base-document.js';
import { classInfo } from '../document/class-info.js';
import { getDocumentClass } from '../document/registry.js';
import { OperationError } from '../errors/operation-error.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { BaseField, type BaseFieldOptions } from '../fields/base-field.js';
import type { FieldContext } from '../fields/tracked.js';
import type { DeleteRule } from './delete-rule.js';
import { keepLoaded } from './loaded-paths.js';
import { Ref } from './ref.js';

/** Options of {@link GenericReferenceField}. */
export interface GenericReferenceFieldOptions<TValue = unknown> extends Omit<
  BaseFieldOptions<TValue>,
  'choices'
> {
  /** Allowed target classes (classes, or their registry names). */
  readonly choices?: readonly (AnyDocumentClass | string)[];
  /**
   * What deleting a target does to documents holding this reference (default `DO_NOTHING`).
   * Needs `choices`: the rule watches deletes of those classes only; see docs/delete-rules.md.
   */
  readonly reverseDeleteRule?: DeleteRule;
}

/**
 * A reference to a document of any registered class, stored as
 * `{ _cls: 'User', _ref: DBRef('user', id) }`. An instance holds a `Ref<TDoc>`; assign a saved
 * document or a `Ref`. `choices` limits the classes.
 *
 * @example
 * class Like extends Document.define({ target: new GenericReferenceField<Post | Comment>({ choices: [Post, Comment] }) }) {}
 * await new Like({ target: post }).save(); // { target: { _cls: 'Post', _ref: DBRef('post', …) } }
 */
export class GenericReferenceField<
  TDoc = object,
  const TOptions extends GenericReferenceFieldOptions<Ref<TDoc>> = GenericReferenceFieldOptions<Ref<TDoc>>,
> extends BaseField<Ref<TDoc>, TOptions & BaseFieldOptions<Ref<TDoc>>, Ref<TDoc> | TDoc> {
  readonly fieldType: string = 'GenericReferenceField';

  constructor(options?: TOptions) {
    super(options as TOptions & BaseFieldOptions<Ref<TDoc>>);
  }

  override get choiceValues(): readonly unknown[] | undefined {
    return undefined;
  }

  override cast(value: unknown): unknown {
    if (value === undefined || value === null || value instanceof Ref) return value;
    if (
      typeof value === 'object' &&
      'toMongo' in value &&
      classInfoOrUndefined(value.constructor)?.kind === 'document'
    ) {
      return Ref.of(value);
    }
    return value;
  }

  /** An attribute loaded by `selectRelated` keeps holding documents (see `loaded-paths.ts`). */
  override attach(value: unknown, ctx: FieldContext): unknown {
    return keepLoaded(value, ctx);
  }

  override toJs(raw: unknown, _ctx: FieldContext): unknown {
    if (raw === undefined || raw === null) return raw;
    const stored = raw as { _cls?: unknown; _ref?: unknown };
    if (typeof stored._cls !== 'string' || !(stored._ref instanceof DBRef)) return raw;
    const name = stored._cls;
    return new Ref(() => getDocumentClass(name) as AnyDocumentClass, stored._ref.oid);
  }

  override toMongo(value: unknown): unknown {
    const ref = this.cast(value);
    if (!(ref instanceof Ref)) return value;
    const id = ref.id;
    if (id === undefined || id === null) {
      throw new OperationError(
        `Field '${this.ownerName}.${this.name}' references an unsaved document: save it first.`,
      );
    }
    const info = classInfo(ref.targetClass);
    const pk = info.fields[info.meta.idField ?? 'id']!;
    return { _cls: info.className, _ref: new DBRef(info.collection ?? '', pk.toMongo(id) as never) };
  }

  protected override validateValue(input: unknown, path: string): ValidationIssue[] {
    // A document loaded by selectRelated is checked as the Ref it stands for.
    const value = this.cast(input);
    if (!(value instanceof Ref)) return [this.issue(path, 'type', 'must be a saved document or a Ref')];
    const cls = value.targetClass;
    const choices = this.options.choices;
    if (choices !== undefined) {
      const name = classInfo(cls).className;
      const ok = choices.some((c) =>
        typeof c === 'string'
          ? c === name || name.startsWith(`${c}.`)
          : c === cls || cls.prototype instanceof c,
      );
      if (!ok) {
        const allowed = choices.map((c) => (typeof c === 'string' ? c : classInfo(c).className)).join(', ');
        return [this.issue(path, 'choices', `must reference one of ${allowed}, not a ${name}`)];
      }
    }
    if (value.id === undefined || value.id === null) {
      return [
        this.issue(
          path,
          'unsaved_reference',
          `references an unsaved ${classInfo(cls).className}: save it first`,
        ),
      ];
    }
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    const ref = this.cast(value);
    if (!(ref instanceof Ref) || ref.id === undefined || ref.id === null) {
      throw this.queryError(op, value, 'a saved document or a Ref');
    }
    return this.toMongo(ref);
  }

  protected override expectedType(): string {
    return 'document or Ref';
  }
}

function classInfoOrUndefined(cls: unknown): ReturnType<typeof classInfo> | undefined {
  try {
    return classInfo(cls as AnyDocumentClass);
  } catch {
    return undefined;
  }
}
