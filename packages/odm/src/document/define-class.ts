import { InvalidDocumentError } from '../errors/usage-errors.js';
import type { AnyField, FieldMap } from '../fields/base-field.js';
import { DEFINITION, isBaseClass, type Definition } from './class-info.js';
import type { ClassRef } from './class-ref.js';
import type { DocumentMeta } from './meta.js';
import { STATE, type DocState } from './state.js';

/** What an accessor needs from a document instance (structural, so this file does not import the class). */
interface AccessorTarget {
  readonly [STATE]: DocState;
  _setField(field: AnyField, value: unknown): void;
}

/**
 * Defines a getter/setter for a field on a prototype. Values live in the instance's state, so a
 * subclass that redeclares the property as a class field (`name!: string`) would shadow it.
 *
 * @example
 * // @no-check: needs values from its call site
 * installAccessor(Defined.prototype, 'name', () => nameField);
 */
export function installAccessor(proto: object, name: string, field: (doc: AccessorTarget) => AnyField): void {
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: false,
    get(this: AccessorTarget) {
      return this[STATE].data[name];
    },
    set(this: AccessorTarget, value: unknown) {
      this._setField(field(this), value);
    },
  });
}

/** What {@link onClassDefined} listeners receive: the bound fields and meta of one `define` call. */
export interface DefinedFields {
  readonly fields: Readonly<Record<string, AnyField>>;
  readonly meta: DocumentMeta;
}

const definedListeners: ((defined: DefinedFields) => void)[] = [];

/**
 * Calls `listener` for every `define(...)` call from now on, at definition time — before any user
 * class extending the result is known (that class is finalised later, on first use). The
 * references layer uses it to know which delete rules exist even if their class is never used.
 *
 * @example
 * onClassDefined(({ fields }) => console.log(Object.keys(fields)));
 */
export function onClassDefined(listener: (defined: DefinedFields) => void): void {
  definedListeners.push(listener);
}

/** Attribute names declared by the definitions above `base` (a subclass may redeclare them). */
function inheritedFieldNames(base: ClassRef): Set<string> {
  const names = new Set<string>();
  for (
    let c: unknown = base;
    typeof c === 'function' && !isBaseClass(c as ClassRef);
    c = Object.getPrototypeOf(c)
  ) {
    if (Object.prototype.hasOwnProperty.call(c, DEFINITION)) {
      const def = (c as unknown as { [DEFINITION]: Definition })[DEFINITION];
      for (const k of Object.keys(def.fields)) names.add(k);
    }
  }
  return names;
}

/**
 * The runtime half of `define`: a subclass of `base` that records its fields and meta (read
 * lazily by `classInfo` once a user class extends it) and carries one accessor per field.
 *
 * @throws {InvalidDocumentError} for field names that clash with document members, or contain `.` / start with `$`.
 * @example
 * const Defined = defineClass(Document, { name: new StringField() }, {});
 */
export function defineClass(base: ClassRef, fields: FieldMap, meta: DocumentMeta): ClassRef {
  const inherited = inheritedFieldNames(base);
  const bound: Record<string, AnyField> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (name === 'pk' || (name !== 'id' && !inherited.has(name) && name in base.prototype)) {
      throw new InvalidDocumentError(
        `Field name '${name}' clashes with a document method or property; choose another name.`,
      );
    }
    if (name.startsWith('$') || name.includes('.')) {
      throw new InvalidDocumentError(`Field name '${name}' may not start with '$' or contain '.'.`);
    }
    // The owner's name is not known yet (the user class extends the result); classInfo fills it in.
    bound[name] = field.bind(name, '');
  }
  const defined = class extends (base as new (...args: any[]) => object) {};
  Object.defineProperty(defined, DEFINITION, { value: { fields: bound, meta } satisfies Definition });
  Object.defineProperty(defined, 'name', { value: `Defined${base.name || 'Document'}` });
  for (const [name, field] of Object.entries(bound)) installAccessor(defined.prototype, name, () => field);
  for (const listener of definedListeners) listener({ fields: bound, meta });
  return defined;
}
