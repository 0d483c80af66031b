import { BASE_KIND, type BaseKind } from './class-info.js';
import type { DYNAMIC_KIND } from './defined-class.js';
import { Document } from './document.js';
import { dynamicProxy } from './dynamic-proxy.js';
import { EmbeddedDocument } from './embedded-document.js';

/**
 * A document that also stores attributes it does not declare (each saved under its own name,
 * after the declared fields). Names starting with `_` are not stored.
 *
 * @example
 * class Page extends DynamicDocument.define({ title: new StringField() }) {}
 * const p = new Page({ title: 'Home', tags: ['a'] });
 * p.color = 'red';
 * await p.save(); // { title: 'Home', tags: ['a'], color: 'red' }
 */
export class DynamicDocument extends Document {
  /** Type-only marker: instances accept attributes that are not declared fields. */
  declare readonly [DYNAMIC_KIND]: true;

  constructor(init?: Record<string, unknown>) {
    super(init);
    // The proxy turns unknown attribute writes into stored values (undeclared names cannot be accessors).
    return dynamicProxy(this);
  }
}

/**
 * An embedded document that also stores undeclared attributes.
 *
 * @example
 * class Extra extends DynamicEmbeddedDocument.define({}) {}
 * const e = new Extra({ anything: 1 });
 */
export class DynamicEmbeddedDocument extends EmbeddedDocument {
  /** Type-only marker: instances accept attributes that are not declared fields. */
  declare readonly [DYNAMIC_KIND]: true;

  constructor(init?: Record<string, unknown>) {
    super(init);
    return dynamicProxy(this);
  }
}

Object.defineProperty(DynamicDocument, BASE_KIND, {
  value: { kind: 'document', dynamic: true } satisfies BaseKind,
});
Object.defineProperty(DynamicEmbeddedDocument, BASE_KIND, {
  value: { kind: 'embedded', dynamic: true } satisfies BaseKind,
});
