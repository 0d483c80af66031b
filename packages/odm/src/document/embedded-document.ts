import { classOf } from './class-ref.js';
import { EJSON } from './ejson.js';
import { OperationError } from '../errors/operation-error.js';
import type { FieldContext } from '../fields/tracked.js';
import { BaseDocument } from './base-document.js';
import { BASE_KIND, classInfo, type BaseKind } from './class-info.js';
import { Document, type SaveOptions } from './document.js';
import { STATE } from './state.js';

/**
 * A document stored inside another one (through `EmbeddedDocumentField`, lists or dicts). It
 * knows where it sits: its changes are reported to its parent as dotted paths, and `save()`
 * saves the document at the root.
 *
 * @example
 * class Address extends EmbeddedDocument.define({ city: new StringField({ required: true }) }) {}
 * user.address = new Address({ city: 'Paris' });
 * user.address.city = 'Lyon';
 * await user.address.save(); // saves user: $set { 'address.city': 'Lyon' }
 */
export class EmbeddedDocument extends BaseDocument {
  /** Embedded-document protocol: attaches to (or detaches from) the document holding it. */
  _setParent(parent: FieldContext | undefined): void {
    this[STATE].parent = parent;
  }

  /** The document at the root of the chain of parents, or undefined when detached. */
  get _root(): Document | undefined {
    let parent = this[STATE].parent;
    const seen = new Set<object>();
    while (parent?.sink && !seen.has(parent.sink)) {
      const sink = parent.sink;
      seen.add(sink);
      if (sink instanceof Document) return sink;
      if (!(sink instanceof EmbeddedDocument)) return undefined;
      parent = sink[STATE].parent;
    }
    return undefined;
  }

  /**
   * Saves the document this one is embedded in (MongoEngine's `EmbeddedDocument.save`).
   *
   * @throws {OperationError} when the embedded document is not attached to a document.
   * @example
   * user.address!.city = 'Lyon';
   * await user.address!.save(); // same as await user.save()
   */
  async save(options: SaveOptions = {}): Promise<this> {
    const root = this._root;
    if (!root) {
      const name = classInfo(classOf(this)).className;
      throw new OperationError(
        `This ${name} is not inside a document, so there is nothing to save it into. Assign it to a field of a Document (e.g. user.address = ${name.toLowerCase()}) and save that document.`,
      );
    }
    await root.save(options);
    return this;
  }

  /**
   * Equality by value: same class and the same stored form.
   *
   * @example
   * new Address({ city: 'Paris' }).equals(new Address({ city: 'Paris' })); // true
   */
  equals(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof EmbeddedDocument) || classOf(other) !== classOf(this)) return false;
    return (
      EJSON.stringify(this.toMongo() as never, { relaxed: false }) ===
      EJSON.stringify(other.toMongo() as never, { relaxed: false })
    );
  }
}

Object.defineProperty(EmbeddedDocument, BASE_KIND, {
  value: { kind: 'embedded', dynamic: false } satisfies BaseKind,
});
