/**
 * The field contract — what `document/` relies on.
 *
 * - A field is declared with an options object whose literal type is kept (`const` type
 *   parameters), so `IsRequiredField<typeof f>` knows `new StringField({ required: true })` is
 *   required. `FieldValue<F>` is the JS type an instance holds; `FieldInput<F>` what the
 *   constructor / assignment accepts. `InstanceShape<TFields>` / `InsertShape<TFields>` build the
 *   instance and constructor types from a field map.
 * - `Document.define` calls `field.bind(name, ownerName)` once per attribute (a field instance
 *   belongs to one document class; `bind` on an already bound field returns a bound clone).
 *   `dbField` defaults to the name (`_id` for `primaryKey`).
 * - Values: `cast(input)` normalises a user-assigned value (ISO string → Date, number → bigint…;
 *   returns it unchanged when it cannot, so `validate` reports it); `attach(value, ctx)` binds a
 *   value to its owner — lists and dicts become tracked, embedded documents get their parent;
 *   `toJs(raw, ctx)` converts a stored value (and attaches it); `toMongo(value)` converts back.
 * - `validate(value, path)` returns issues for a present value (choices, the `validation`
 *   option, then the type's own checks); `undefined`/`null` give none: required-ness is the
 *   document's check, with `checkRequired(value, path)` as the helper.
 * - `prepareQueryValue(op, value)` casts a query value (op is MongoEngine's operator name:
 *   `undefined` for equality, `'ne'`, `'in'`, `'gt'`, `'icontains'`…) and throws
 *   `InvalidQueryError` naming the field for a wrong shape — an operator object where a scalar is
 *   expected is never passed through.
 * - `getDefault()` returns a fresh default (calling a function default); `hasDefault` says
 *   whether there is one (lists and dicts default to empty).
 * - `autoGenerate` fields (SequenceField) are filled by the document on save via `generate()`.
 * - `lookupMember(name)` resolves a sub-path for queries (embedded fields, dict/list items).
 */
import { InvalidQueryError } from '../errors/usage-errors.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { describeValue } from '../util/describe-value.js';
import { hasOperatorKey, isPlainObject } from '../util/is-plain-object.js';
import type { FieldContext } from './tracked.js';

export type { ChangeSink, FieldContext } from './tracked.js';
export type { ValidationIssue } from '../errors/validation-error.js';
export type {
  FieldValue,
  FieldInput,
  FieldOptionsOf,
  HasDefault,
  IsDeclaredRequired,
  IsRequiredField,
  InstanceShape,
  InsertShape,
} from './field-types.js';

/**
 * Options every field accepts. `TChoice` is the type of a `choices` entry (list fields: the item type).
 *
 * @example
 * new StringField({ dbField: 'n', required: true, choices: [['S', 'Small'], ['L', 'Large']] });
 */
export interface BaseFieldOptions<TValue = unknown, TChoice = TValue> {
  /** Name of the key in MongoDB (defaults to the attribute name; `_id` with `primaryKey`). */
  readonly dbField?: string;
  /** A value must be present (for lists: non-empty). */
  readonly required?: boolean;
  /** Value, or function returning a fresh value, used when none is given. */
  readonly default?: TValue | (() => TValue);
  /** A unique index on this field (sparse when `sparse`). */
  readonly unique?: boolean;
  /** Other attribute names that form a compound unique index with this one (implies `unique`). */
  readonly uniqueWith?: string | readonly string[];
  /** This field is the document's `_id`. */
  readonly primaryKey?: boolean;
  /**
   * Extra check: return `false` or a message string (or throw) to reject; `void`/`true` accepts.
   */
  readonly validation?: (value: TValue) => void | string | boolean;
  /** Allowed values, or `[value, label]` pairs (for list fields: allowed items). */
  readonly choices?: readonly (TChoice | readonly [TChoice, string])[];
  /** Store `null` explicitly instead of leaving the key out. */
  readonly null?: boolean;
  /** Make the implicit unique index sparse. */
  readonly sparse?: boolean;
  /** Free-form metadata (MongoEngine's verbose_name). */
  readonly verboseName?: string;
  /** Free-form metadata (MongoEngine's help_text). */
  readonly helpText?: string;
}

/** Operators whose value is a list of the field's values. */
const LIST_OPS = new Set(['in', 'nin', 'all']);
/** Operators whose value is not of the field's type; checked here for shape. */
const BOOLEAN_OPS = new Set(['exists']);

/**
 * Base of every field. Subclasses override `validateValue` (type checks), and as needed
 * `cast`, `toMongo`, `toJs`, `attach`, `prepareScalar`, `prepareQueryValue`.
 *
 * @example
 * class UpperField extends BaseField<string, BaseFieldOptions<string>> {
 *   readonly fieldType = 'UpperField';
 *   protected override validateValue(value: unknown, path: string) {
 *     return typeof value === 'string' ? [] : [this.issue(path, 'type', 'must be a string')];
 *   }
 * }
 */
export abstract class BaseField<
  TValue,
  TOptions extends BaseFieldOptions<TValue, any> = BaseFieldOptions<TValue>,
  TInput = TValue,
> {
  /** Type-only: the JS value type an instance holds. */
  declare readonly __value: TValue;
  /** Type-only: what a constructor or assignment accepts. */
  declare readonly __input: TInput;
  /** Type-only: the options' literal type. */
  declare readonly __options: TOptions;
  /** Type-only: whether the field has an implicit default (lists, dicts). */
  declare readonly __implicitDefault: boolean;

  /** The class name, e.g. `'StringField'` (used in messages and by the index builder). */
  abstract readonly fieldType: string;
  /** The options the field was declared with (`{}` when none were given). */
  readonly options: TOptions;
  /** Attribute name; set by {@link bind}. */
  name = '';
  /** Key in MongoDB; set by {@link bind} (from `options.dbField`, `_id` for a primary key, else the name). */
  dbField = '';
  /** Name of the document class owning this field (for messages). */
  ownerName = '';
  /** True for fields the document fills in at save time (SequenceField). */
  readonly autoGenerate: boolean = false;

  constructor(options?: TOptions) {
    this.options = (options ?? {}) as TOptions;
    const db = this.options.dbField;
    if (db !== undefined && (db === '' || db.includes('.') || db.includes('\0') || db.startsWith('$'))) {
      throw new TypeError(
        `Invalid dbField ${JSON.stringify(db)}: it may not be empty, contain '.' or '\\0', or start with '$'.`,
      );
    }
  }

  /**
   * Binds the field to an attribute of a document class. Returns `this`, or a bound copy when the
   * field was already bound elsewhere (a field object shared by two classes).
   */
  bind(name: string, ownerName: string): this {
    if (this.name !== '' && (this.name !== name || this.ownerName !== ownerName)) {
      const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
      Object.assign(copy, this);
      copy.name = '';
      return copy.bind(name, ownerName);
    }
    this.name = name;
    this.ownerName = ownerName;
    this.dbField = this.options.dbField ?? (this.options.primaryKey ? '_id' : name);
    return this;
  }

  /** `required: true` or `primaryKey: true`. */
  get required(): boolean {
    return this.options.required === true || this.options.primaryKey === true;
  }

  /** Needs a unique index: `unique` or `uniqueWith` (a primary key is `_id`, unique by itself). */
  get unique(): boolean {
    return this.options.unique === true || this.options.uniqueWith !== undefined;
  }

  /** `uniqueWith` as a list (attribute names). */
  get uniqueWith(): readonly string[] {
    const u = this.options.uniqueWith;
    return u === undefined ? [] : typeof u === 'string' ? [u] : u;
  }

  /** True when the field supplies a value when none is given. */
  get hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** A fresh default value (a function default is called each time), or `undefined`. */
  getDefault(): TValue | undefined {
    const d = this.options.default;
    return typeof d === 'function' ? (d as () => TValue)() : d;
  }

  /** Allowed values of `choices` (labels dropped), or undefined. */
  get choiceValues(): readonly unknown[] | undefined {
    const c = this.options.choices;
    if (c === undefined) return undefined;
    return c.map((entry) =>
      Array.isArray(entry) && entry.length === 2 && typeof entry[1] === 'string' ? entry[0] : entry,
    );
  }

  /** The label of `value` in `choices` (MongoEngine's `get_<field>_display`), or the value as a string. */
  displayChoice(value: unknown): string {
    for (const entry of this.options.choices ?? []) {
      if (
        Array.isArray(entry) &&
        entry.length === 2 &&
        typeof entry[1] === 'string' &&
        this.sameValue(entry[0], value)
      ) {
        return entry[1];
      }
    }
    return value === undefined || value === null ? '' : String(value);
  }

  /** Normalises a user-assigned value; returns it unchanged when it cannot (validation reports it). */
  cast(value: unknown): unknown {
    return value;
  }

  /** Binds a value to its owner (tracked containers, embedded parents). Identity for scalars. */
  attach(value: unknown, _ctx: FieldContext): unknown {
    return value;
  }

  /** JS value → BSON-ready value. */
  toMongo(value: unknown): unknown {
    return value;
  }

  /** Stored value → JS value, attached to `ctx`. */
  toJs(raw: unknown, ctx: FieldContext): unknown {
    return this.attach(raw, ctx);
  }

  /**
   * Issues for a present value: choices, then the `validation` option, then type checks.
   * `undefined` and `null` give no issues (see {@link checkRequired}).
   */
  validate(value: unknown, path: string): ValidationIssue[] {
    if (value === undefined || value === null) return [];
    const typeIssues = this.validateValue(value, path);
    if (typeIssues.length > 0) return typeIssues;
    const issues: ValidationIssue[] = [];
    const choices = this.choiceValues;
    if (choices !== undefined) issues.push(...this.checkChoices(value, choices, path));
    if (issues.length === 0 && this.options.validation) {
      const custom = this.runValidation(value as TValue, path);
      if (custom) issues.push(custom);
    }
    return issues;
  }

  /** The "Field is required" issue when `value` is missing and the field is required. */
  checkRequired(value: unknown, path: string): ValidationIssue | undefined {
    if (!this.required || this.autoGenerate) return undefined;
    if (this.isEmpty(value)) return this.issue(path, 'required', 'Field is required');
    return undefined;
  }

  /** Missing for `required`: undefined or null (lists and dicts also when empty). */
  isEmpty(value: unknown): boolean {
    return value === undefined || value === null;
  }

  /**
   * Casts a query value to the field's type. `op` is the MongoEngine operator (`undefined` for
   * plain equality). Throws {@link InvalidQueryError} naming the field for a wrong shape.
   *
   * @example
   * new IntField().bind('age', 'User').prepareQueryValue('in', ['1', 2]); // [1, 2]
   * new StringField().bind('name', 'User').prepareQueryValue(undefined, { $ne: null }); // throws InvalidQueryError
   */
  prepareQueryValue(op: string | undefined, value: unknown): unknown {
    if (op !== undefined && LIST_OPS.has(op)) {
      if (!Array.isArray(value)) throw this.queryError(op, value, 'a list of values');
      return value.map((v) => this.prepareQueryItem(op, v));
    }
    if (op !== undefined && BOOLEAN_OPS.has(op)) {
      if (typeof value !== 'boolean') throw this.queryError(op, value, 'true or false');
      return value;
    }
    if (op === 'mod') {
      const ok =
        Array.isArray(value) &&
        value.length === 2 &&
        value.every((n) => typeof n === 'number' && Number.isInteger(n));
      if (!ok) throw this.queryError(op, value, '[divisor, remainder] integers');
      return value;
    }
    if (op === 'type') {
      if (typeof value !== 'number' && typeof value !== 'string')
        throw this.queryError(op, value, 'a BSON type name or number');
      return value;
    }
    if (op === 'size') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw this.queryError(op, value, 'a non-negative integer');
      }
      return value;
    }
    return this.prepareQueryItem(op, value);
  }

  /** One query value (an item of `$in` or the operand of `$eq`, `$gt`…): null passes, operator objects never do. */
  protected prepareQueryItem(op: string | undefined, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (hasOperatorKey(value))
      throw this.queryError(op, value, `a ${this.expectedType()} value, not an operator object`);
    return this.prepareScalar(op, value);
  }

  /**
   * Casts one query operand to the stored form. The default casts with {@link cast}, rejects plain
   * objects, checks the type with {@link validateValue} and converts with {@link toMongo}.
   */
  protected prepareScalar(op: string | undefined, value: unknown): unknown {
    if (isPlainObject(value)) throw this.queryError(op, value, `a ${this.expectedType()} value`);
    const cast = this.cast(value);
    if (this.validateValue(cast, this.name).some((i) => i.code === 'type')) {
      throw this.queryError(op, value, `a ${this.expectedType()} value`);
    }
    return this.toMongo(cast);
  }

  /**
   * The field reached by a sub-path segment (`address__city` → the embedded `city` field; a list
   * index → the item field), or undefined when the field has no members.
   */
  lookupMember(_name: string): AnyField | undefined {
    return undefined;
  }

  /** Type (and range) checks for a present value. */
  protected abstract validateValue(value: unknown, path: string): ValidationIssue[];

  /** Human name of the expected JS type, for messages. */
  protected expectedType(): string {
    return this.fieldType.replace(/Field$/, '').toLowerCase();
  }

  /** Builds an issue. */
  protected issue(path: string, code: string, message: string): ValidationIssue {
    return { path, code, message };
  }

  /** Builds the error for a rejected query value. */
  protected queryError(op: string | undefined, value: unknown, expected: string): InvalidQueryError {
    const where = this.ownerName ? `${this.ownerName}.${this.name}` : this.name || this.fieldType;
    const opText = op === undefined ? '' : ` with operator '${op}'`;
    return new InvalidQueryError(
      `Invalid query value for field '${where}' (${this.fieldType})${opText}: expected ${expected}, got ${describeValue(value)}.`,
    );
  }

  /** Value equality used by `choices` (overridden by fields whose values are objects). */
  protected sameValue(a: unknown, b: unknown): boolean {
    return a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
  }

  /** Returns a `choices` issue unless `value` equals one of `choices` (compared with {@link sameValue}). */
  protected checkChoices(value: unknown, choices: readonly unknown[], path: string): ValidationIssue[] {
    if (choices.some((c) => this.sameValue(c, value))) return [];
    return [this.issue(path, 'choices', `Value must be one of ${describeValue(choices)}`)];
  }

  private runValidation(value: TValue, path: string): ValidationIssue | undefined {
    try {
      const result = this.options.validation!(value);
      if (result === false) return this.issue(path, 'validation', 'Value failed validation');
      if (typeof result === 'string') return this.issue(path, 'validation', result);
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return this.issue(path, 'validation', message || 'Value failed validation');
    }
  }
}

/**
 * Any field.
 *
 * @example
 * const fields: AnyField[] = [new StringField(), new IntField()];
 */
export type AnyField = BaseField<any, any, any>;

/**
 * A map of attribute names to fields, as passed to `Document.define`.
 *
 * @example
 * const fields = { name: new StringField() } satisfies FieldMap;
 */
export type FieldMap = Record<string, AnyField>;
