import { ObjectId } from 'mongodb';
import { classInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import { installDocumentHook, installInitHook } from '../document/hooks.js';
import { STATE, type DocState } from '../document/state.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { BaseField, type BaseFieldOptions } from '../fields/base-field.js';
import type { FieldContext } from '../fields/tracked.js';
import { GridFSProxy, type GridFSProxySettings } from './grid-fs-proxy.js';

/** Options of {@link FileField}. */
export interface FileFieldOptions extends Omit<BaseFieldOptions<GridFSProxy>, 'default' | 'choices'> {
  /** GridFS bucket: files go to `<collectionName>.files` and `.chunks` (default `'fs'`). */
  readonly collectionName?: string;
  /** Connection alias of the bucket (default: the owning document's alias). */
  readonly dbAlias?: string;
  /** Compute the MD5 of uploaded data and store it as `md5` (MongoDB stopped doing so). */
  readonly md5?: boolean;
}

let hooksInstalled = false;

/** Documents of `cls` with their FileField names (cached per class). */
const fileFieldsByClass = new WeakMap<ClassRef, string[]>();

function fileFieldNames(cls: ClassRef): string[] {
  let names = fileFieldsByClass.get(cls);
  if (names === undefined) {
    const fields = classInfo(cls).fields;
    names = Object.keys(fields).filter((n) => fields[n] instanceof FileField);
    fileFieldsByClass.set(cls, names);
  }
  return names;
}

/**
 * Installed with the first FileField, so programs without files pay nothing: a loaded document
 * whose stored id is `null` still gets an (empty) proxy, and `doc.delete()` removes its files.
 * Note: with a `postDelete` hook present, `QuerySet.delete()` deletes document by document.
 */
function installFileHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  installInitHook('postInit', (doc, { cls, loaded }) => {
    if (!loaded) return;
    const names = fileFieldNames(cls);
    if (names.length === 0) return;
    const state = (doc as { [STATE]: DocState })[STATE];
    const fields = classInfo(cls).fields;
    for (const name of names) {
      if (state.data[name] === null || state.data[name] === undefined) {
        const field = fields[name] as FileField;
        state.data[name] = field.emptyProxy({ sink: doc as never, path: field.dbField });
      }
    }
  });
  installDocumentHook(
    'postDelete',
    async (doc, { cls }) => {
      const names = fileFieldNames(cls);
      if (names.length === 0) return;
      const state = (doc as { [STATE]: DocState })[STATE];
      for (const name of names) {
        const proxy = state.data[name];
        if (proxy instanceof GridFSProxy && proxy.id !== undefined) await proxy.delete();
      }
    },
    // Classes without a FileField keep their queryset deletes a single deleteMany.
    { appliesTo: (cls) => fileFieldNames(cls).length > 0 },
  );
}

/**
 * A file kept in GridFS; the document stores the file's id. The attribute is always a
 * {@link GridFSProxy} (empty until `put`).
 *
 * @example
 * class Report extends Document.define({ title: new StringField(), pdf: new FileField({ collectionName: 'reports' }) }) {}
 * const r = new Report({ title: 'Q3' });
 * await r.pdf.put(Buffer.from('%PDF-1.7'), { filename: 'q3.pdf', contentType: 'application/pdf' });
 * await r.save();
 */
export class FileField<const TOptions extends FileFieldOptions = FileFieldOptions> extends BaseField<
  GridFSProxy,
  TOptions,
  GridFSProxy | ObjectId
> {
  declare readonly __implicitDefault: true;
  readonly fieldType: string = 'FileField';
  /** Settings handed to every proxy of this field. */
  readonly settings: GridFSProxySettings;

  constructor(options?: TOptions) {
    super(options);
    const o = this.options;
    this.settings = { collectionName: o.collectionName ?? 'fs', dbAlias: o.dbAlias, md5: o.md5 };
    installFileHooks();
  }

  /** A new empty proxy of this field, bound to `ctx` when given. */
  emptyProxy(ctx?: FieldContext): GridFSProxy {
    return new GridFSProxy(this.settings, undefined, ctx);
  }

  override get hasDefault(): boolean {
    return true;
  }

  override getDefault(): GridFSProxy {
    return this.emptyProxy();
  }

  override cast(value: unknown): unknown {
    return value instanceof ObjectId ? new GridFSProxy(this.settings, value) : value;
  }

  override attach(value: unknown, ctx: FieldContext): unknown {
    return value instanceof GridFSProxy ? value._bind(ctx) : value;
  }

  override toMongo(value: unknown): unknown {
    return value instanceof GridFSProxy ? value.id : value;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    return raw instanceof ObjectId ? new GridFSProxy(this.settings, raw, ctx) : raw;
  }

  /** Missing for `required`: no proxy, or a proxy without a file. */
  override isEmpty(value: unknown): boolean {
    return value === undefined || value === null || (value instanceof GridFSProxy && value.id === undefined);
  }

  protected override validateValue(value: unknown, path: string): ValidationIssue[] {
    if (!(value instanceof GridFSProxy)) {
      return [this.issue(path, 'type', 'FileField only accepts a GridFSProxy or an ObjectId file id')];
    }
    return [];
  }

  protected override prepareScalar(op: string | undefined, value: unknown): unknown {
    if (value instanceof GridFSProxy) return value.id ?? null;
    if (value instanceof ObjectId) return value;
    throw this.queryError(op, value, 'a GridFSProxy or an ObjectId file id');
  }

  protected override sameValue(a: unknown, b: unknown): boolean {
    return a instanceof GridFSProxy ? a.equals(b) : a === b;
  }

  protected override expectedType(): string {
    return 'file';
  }
}
