import { EJSON } from './ejson.js';
import { FieldDoesNotExist, InvalidDocumentError } from '../errors/usage-errors.js';
import { ValidationError, type ValidationIssue } from '../errors/validation-error.js';
import type { AnyField, FieldMap } from '../fields/base-field.js';
import { isEmbeddedInstance } from '../fields/embedded-protocol.js';
import type { ChangeSink, FieldContext } from '../fields/tracked.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { classInfo, isBaseClass, type ClassInfo } from './class-info.js';
import { defineClass, installAccessor } from './define-class.js';
import type { DefinedClass, NoFields } from './defined-class.js';
import { attachDynamic, dynamicToMongo } from './dynamic-values.js';
import type { DocumentMeta } from './meta.js';
import { getDocumentClass } from './registry.js';
import { hasInitHooks, runInitHooks } from './hooks.js';
import { newState, STATE, type DocState } from './state.js';
import { DoesNotExist, MultipleObjectsReturned } from '../errors/usage-errors.js';
import { classOf, type ClassRef } from './class-ref.js';

/** Stored data handed from `fromMongo` to the constructor (constructors are synchronous, so one slot is enough). */
let pendingLoad:
  { cls: ClassRef; raw: Record<string, unknown>; parent: FieldContext | undefined } | undefined;

/** Options of {@link BaseDocument.validate}. */
export interface ValidateOptions {
  /** Call `clean()` first (default true). */
  clean?: boolean;
}

/** Any document class (what `this` is in class-level methods). */
export type AnyDocumentClass = abstract new (...args: any[]) => BaseDocument;

/**
 * The shared base of `Document` and `EmbeddedDocument`: attribute storage, change tracking,
 * conversion to and from the stored form, validation and JSON. Not used directly.
 *
 * @example
 * class Address extends EmbeddedDocument.define({ city: new StringField() }) {}
 * new Address({ city: 'Paris' }).toMongo(); // { city: 'Paris' }
 */
export abstract class BaseDocument implements ChangeSink {
  /** Type-only: the field map of the class (merged across inheritance). */
  declare static readonly __fields: NoFields;
  /** The instance's internal state (field values, changed paths, created flag); not part of the API. */
  declare readonly [STATE]: DocState;

  /**
   * Builds a new (unsaved) document; missing fields get their defaults.
   *
   * @throws {FieldDoesNotExist} for a key that is not a declared field (dynamic documents accept it).
   */
  constructor(init?: Record<string, unknown>) {
    // Only the class fromMongo asked for takes the slot, so documents built while evaluating a
    // user constructor's `super(...)` arguments are not mistaken for the loaded one.
    const load = pendingLoad?.cls === new.target ? pendingLoad : undefined;
    if (load) pendingLoad = undefined;
    const info = classInfo(new.target);
    Object.defineProperty(this, STATE, { value: newState(), enumerable: false });
    if (!hasInitHooks()) {
      if (load) this._loadStored(info, load.raw, load.parent);
      else this._initFrom(info, init ?? {});
      return;
    }
    const ctx = { cls: new.target, values: load ? load.raw : { ...init }, loaded: load !== undefined };
    runInitHooks('preInit', this, ctx);
    if (load) this._loadStored(info, ctx.values, load.parent);
    else this._initFrom(info, ctx.values);
    runInitHooks('postInit', this, ctx);
  }

  /**
   * Declares a document class from a field map and meta; extend the result to add methods.
   * Calling it on a document class declares a subclass with more fields.
   *
   * @example
   * class User extends Document.define({ name: new StringField({ required: true }) }, { collection: 'users' }) {
   *   greet() { return `hi ${this.name}`; }
   * }
   * class Admin extends User.define({ level: new IntField() }) {} // needs allowInheritance on User
   */
  static define<TThis extends AnyDocumentClass, const TFields extends FieldMap>(
    this: TThis,
    fields: TFields,
    meta: DocumentMeta = {},
  ): DefinedClass<TThis, TFields> {
    return defineClass(this, fields, meta) as unknown as DefinedClass<TThis, TFields>;
  }

  /**
   * Builds an instance from stored data (db field names) without marking anything as changed.
   * A `_cls` naming a registered subclass builds that subclass.
   *
   * @example
   * const user = User.fromMongo({ _id: new ObjectId(), name: 'Ada' });
   */
  static fromMongo<T extends AnyDocumentClass>(
    this: T,
    raw: Record<string, unknown>,
    parent?: FieldContext,
  ): InstanceType<T> {
    const info = classInfo(this);
    const stored = raw['_cls'];
    let target: ClassRef = info.cls;
    if (typeof stored === 'string' && stored !== info.className) {
      target = getDocumentClass(stored);
      if (target !== info.cls && !(target.prototype instanceof info.cls)) {
        throw new InvalidDocumentError(
          `Stored _cls '${stored}' is not ${info.className} or one of its subclasses.`,
        );
      }
    }
    pendingLoad = { cls: target, raw, parent };
    try {
      return new (target as new () => InstanceType<T>)();
    } finally {
      pendingLoad = undefined;
    }
  }

  /**
   * Builds an instance from Extended JSON (as produced by {@link toJSON}). The result counts as
   * loaded (a save updates it) unless `created: true`.
   *
   * @example
   * const copy = User.fromJSON(JSON.stringify(user));
   */
  static fromJSON<T extends AnyDocumentClass>(
    this: T,
    json: string | Record<string, unknown>,
    options: { created?: boolean } = {},
  ): InstanceType<T> {
    const raw = (typeof json === 'string' ? EJSON.parse(json) : EJSON.deserialize(json)) as unknown;
    if (!isPlainObject(raw)) throw new InvalidDocumentError('fromJSON expects a JSON object.');
    const doc = (
      this as unknown as typeof BaseDocument & { fromMongo(r: Record<string, unknown>): BaseDocument }
    ).fromMongo(raw);
    if (options.created) doc[STATE].created = true;
    return doc as InstanceType<T>;
  }

  /**
   * Registers the class in the document registry now (it otherwise registers on first use).
   * Needed for a subclass that is only ever loaded through its base's queries.
   *
   * @example
   * class DatedPage extends Page.define({ date: new DateTimeField() }) { static { this.register(); } }
   */
  static register<T extends AnyDocumentClass>(this: T): T {
    classInfo(this);
    return this;
  }

  /** Registry name, stored as `_cls` (e.g. `'Page.DatedPage'`). */
  static get _className(): string {
    return classInfo(this).className;
  }

  /** Bound fields by attribute name (including the automatic `id`). */
  static get _fields(): Readonly<Record<string, AnyField>> {
    return classInfo(this).fields;
  }

  /** The class's metadata after inheritance. */
  static get _meta(): ClassInfo['meta'] {
    return classInfo(this).meta;
  }

  /** This class's `DoesNotExist` error (a subclass of its parents'). */
  static get DoesNotExist(): typeof DoesNotExist {
    return isBaseClass(this) ? DoesNotExist : classInfo(this).DoesNotExist;
  }

  /** This class's `MultipleObjectsReturned` error (a subclass of its parents'). */
  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    return isBaseClass(this) ? MultipleObjectsReturned : classInfo(this).MultipleObjectsReturned;
  }

  /**
   * Records a changed db path (called by attribute setters and tracked lists and dicts).
   * An attached embedded document forwards it to its parent, prefixed by where it sits.
   */
  markChanged(dbPath: string): void {
    const state = this[STATE];
    if (!state.initialised) return;
    const parent = state.parent;
    if (parent) {
      parent.sink?.markChanged(parent.path === '' ? dbPath : `${parent.path}.${dbPath}`);
      return;
    }
    state.changed.add(dbPath);
  }

  /**
   * The stored form: db field names, `_id` first, `_cls` when the class allows inheritance;
   * `undefined` values are left out, `null` only kept for fields declared `null: true`.
   *
   * @example
   * new User({ name: 'Ada' }).toMongo(); // { name: 'Ada' }
   */
  toMongo(): Record<string, unknown> {
    const info = classInfo(classOf(this));
    const state = this[STATE];
    const son: Record<string, unknown> = {};
    const idName = info.meta.idField;
    if (idName !== undefined) {
      const id = state.data[idName];
      if (id !== undefined && id !== null) son['_id'] = info.fields[idName]!.toMongo(id);
    }
    if (info.meta.allowInheritance) son['_cls'] = info.className;
    for (const name of info.fieldNames) {
      if (name === idName) continue;
      const field = info.fields[name]!;
      const value = state.data[name];
      if (value === undefined) continue;
      if (value === null) {
        if (field.options.null === true) son[field.dbField] = null;
        continue;
      }
      son[field.dbField] = field.toMongo(value);
    }
    for (const [key, value] of Object.entries(state.extra)) {
      if (value !== undefined) son[key] = dynamicToMongo(value);
    }
    return son;
  }

  /**
   * The document as relaxed Extended JSON (`{ _id: { $oid: … }, … }`); `JSON.stringify(doc)` uses it.
   *
   * @example
   * JSON.stringify(user); // '{"_id":{"$oid":"…"},"name":"Ada"}'
   */
  toJSON(): Record<string, unknown> {
    return EJSON.serialize(this.toMongo(), { relaxed: true }) as Record<string, unknown>;
  }

  /**
   * The label of a field's current value from its `choices` pairs (MongoEngine's
   * `get_<field>_display()`), or the value as a string.
   *
   * @example
   * class Shirt extends Document.define({ size: new StringField({ choices: [['S', 'Small'], ['L', 'Large']] }) }) {}
   * new Shirt({ size: 'S' }).displayChoice('size'); // 'Small'
   */
  displayChoice(name: keyof this & string): string {
    const info = classInfo(classOf(this));
    const field = info.fields[name];
    if (field === undefined) throw new FieldDoesNotExist(`'${name}' is not a field of '${info.className}'.`);
    return field.displayChoice(this[STATE].data[name]);
  }

  /**
   * Hook for cross-field checks and normalisation, called by `validate()` (and so by `save()`)
   * before the field checks. Throw a `ValidationError` (or any error) to reject.
   *
   * @example
   * class Meeting extends Document.define({ start: new IntField(), end: new IntField() }) {
   *   override clean() { if ((this.end ?? 0) < (this.start ?? 0)) throw new Error('end before start'); }
   * }
   */
  clean(): void {}

  /**
   * Checks every field (and `clean()`), collecting every problem into one error.
   *
   * @throws {ValidationError} with one issue per problem, paths like `addresses.2.zip`.
   * @example
   * new User({ name: 'Ada', age: -1 }).validate(); // ValidationError: age below min_value
   */
  validate(options: ValidateOptions = {}): void {
    const issues = this._collectIssues('', options.clean !== false);
    if (issues.length > 0) {
      const info = classInfo(classOf(this));
      const id = info.meta.idField === undefined ? undefined : this[STATE].data[info.meta.idField];
      throw new ValidationError(issues, {
        summary: `ValidationError (${info.className}:${id === undefined ? 'None' : String(id)})`,
      });
    }
  }

  /** Embedded-document protocol: every issue, with paths prefixed by `path`. */
  _validateIssues(path: string): ValidationIssue[] {
    return this._collectIssues(path, true);
  }

  /** Sets a field the way an attribute assignment does (cast, default for null, attach, mark). */
  _setField(field: AnyField, value: unknown): void {
    const state = this[STATE];
    const old = state.data[field.name];
    const next = this._prepareValue(field, value);
    this._beforeChange(field, old, next);
    if (old !== next && isEmbeddedInstance(old)) old._setParent(undefined);
    state.data[field.name] = next;
    if (state.initialised && !sameScalar(old, next)) this.markChanged(field.dbField);
  }

  /** Hook for subclasses to refuse a change (shard keys). */
  protected _beforeChange(_field: AnyField, _old: unknown, _next: unknown): void {}

  /** Reads a dynamic or kept-unknown attribute (`strict: false`) by its stored key. */
  _getExtra(key: string): unknown {
    return this[STATE].extra[key];
  }

  /** Sets a dynamic attribute (dynamic documents only; undefined removes it with `$unset`). */
  _setExtra(key: string, value: unknown): void {
    const state = this[STATE];
    if (value === undefined || value === null) delete state.extra[key];
    else state.extra[key] = attachDynamic(value, { sink: this, path: key });
    this.markChanged(key);
  }

  private _prepareValue(field: AnyField, value: unknown): unknown {
    let v = value;
    if (v === undefined || (v === null && field.options.null !== true)) {
      const d = field.getDefault();
      if (d === undefined) return v === null && field.options.null === true ? null : undefined;
      v = d;
    }
    if (v === null) return null;
    return field.attach(field.cast(v), { sink: this, path: field.dbField });
  }

  private _initFrom(info: ClassInfo, init: Record<string, unknown>): void {
    const state = this[STATE];
    for (const key of Object.keys(init)) {
      if (info.fields[key] === undefined && !(key === 'pk' && info.meta.idField !== undefined)) {
        if (info.dynamic && !key.startsWith('_')) continue;
        throw new FieldDoesNotExist(
          `The field '${key}' does not exist on the document '${info.className}'. Declared fields: ${info.fieldNames.join(', ')}.`,
        );
      }
    }
    for (const name of info.fieldNames) {
      const field = info.fields[name]!;
      let value = init[name];
      if (value === undefined && name === info.meta.idField && init['pk'] !== undefined) value = init['pk'];
      state.data[name] = this._prepareValue(field, value);
    }
    if (info.dynamic) {
      for (const [key, value] of Object.entries(init)) {
        if (info.fields[key] === undefined && value !== undefined && value !== null) {
          state.extra[key] = attachDynamic(value, { sink: this, path: key });
        }
      }
    }
    state.created = true;
    state.initialised = true;
  }

  /** Fills the instance from stored data; used by `fromMongo` and by `reload`/`modify`. */
  _loadStored(
    info: ClassInfo,
    raw: Record<string, unknown>,
    parent: FieldContext | undefined,
    only?: ReadonlySet<string>,
  ): void {
    const state = this[STATE];
    state.initialised = false;
    state.parent = parent;
    // Keys rather than entries, and no Set of seen fields: loading is the hottest path, and both
    // were per-document garbage (bench/odm).
    for (const key of Object.keys(raw)) {
      if (key === '_cls') continue;
      const value = raw[key];
      const field = info.byDbField.get(key);
      if (field) {
        if (only && !only.has(field.name)) continue;
        state.data[field.name] =
          value === null || value === undefined ? value : field.toJs(value, { sink: this, path: key });
      } else if (info.dynamic) {
        state.extra[key] = attachDynamic(value, { sink: this, path: key });
      } else if (!info.meta.strict) {
        state.extra[key] = value;
      } else {
        throw new FieldDoesNotExist(
          `The stored key '${key}' is not a field of '${info.className}'. Declare it, or set \`strict: false\` in the meta to keep unknown keys.`,
        );
      }
    }
    for (const name of info.fieldNames) {
      if (only && !only.has(name)) continue;
      const field = info.fields[name]!;
      if (Object.prototype.hasOwnProperty.call(raw, field.dbField)) continue;
      // Missing in the database: the default, as MongoEngine does (not marked as a change).
      state.data[name] = this._prepareValue(field, undefined);
    }
    if (!only && (info.dynamic || !info.meta.strict)) {
      for (const key of Object.keys(state.extra)) if (!(key in raw)) delete state.extra[key];
    }
    state.created = false;
    state.initialised = true;
  }

  /** Issues of this document's fields (and `clean()`), paths prefixed by `prefix`. */
  _collectIssues(prefix: string, clean: boolean): ValidationIssue[] {
    const info = classInfo(classOf(this));
    const issues: ValidationIssue[] = [];
    if (clean) {
      try {
        this.clean();
      } catch (error) {
        if (error instanceof ValidationError) {
          for (const issue of error.issues) issues.push({ ...issue, path: joinPath(prefix, issue.path) });
        } else {
          issues.push({
            path: prefix,
            code: 'clean',
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    const data = this[STATE].data;
    for (const name of info.fieldNames) {
      const field = info.fields[name]!;
      const path = joinPath(prefix, name);
      const value = data[name];
      const missing = field.checkRequired(value, path);
      if (missing) {
        issues.push(missing);
        continue;
      }
      const found = field.validate(value, path);
      if (found.length > 0) issues.push(...found);
    }
    return issues;
  }
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '' ? prefix : `${prefix}.${path}`;
}

/** Equal scalars need no `$set`; objects (lists, embedded docs, dates) always count as a change. */
function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return a === null || typeof a !== 'object';
  return false;
}

export { STATE, installAccessor };
