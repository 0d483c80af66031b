import { NotRegistered } from '../errors/usage-errors.js';
import { setEmbeddedClassResolver, type EmbeddedClass } from '../fields/embedded-protocol.js';
import type { ClassRef } from './class-ref.js';

/**
 * The document registry: class name (`_cls` value, e.g. `'Page.DatedPage'`) → class. Classes
 * register themselves on first use (construction, loading, any class-level call) or explicitly
 * with `register()`; names are global, as in MongoEngine, so a second class with the same name
 * replaces the first and a warning is emitted.
 */
const classes = new Map<string, ClassRef>();

/**
 * Adds a class under its registry name. Re-registering the same class is a no-op; another class
 * under a taken name replaces it with a `process.emitWarning`.
 *
 * @example
 * registerDocumentClass('User', User);
 */
export function registerDocumentClass(name: string, cls: ClassRef): void {
  const existing = classes.get(name);
  if (existing === cls) return;
  if (existing !== undefined) {
    process.emitWarning(
      `Document class '${name}' was declared twice; the later declaration replaces the earlier one in the registry (used for _cls and generic references). Give one of them another name.`,
      { code: 'MONGOENGINE_DUPLICATE_CLASS' },
    );
  }
  classes.set(name, cls);
}

/**
 * The class registered under `name`.
 *
 * @throws {NotRegistered} when no class has that name.
 * @example
 * const Page = getDocumentClass('Page');
 */
export function getDocumentClass(name: string): ClassRef {
  const cls = classes.get(name);
  if (cls === undefined) {
    throw new NotRegistered(
      `No document class named '${name}' is registered. A class registers on first use; a subclass that is only ever loaded through its base must be registered up front: add \`static { this.register(); }\` to its body or call ${name.split('.').pop()}.register() at startup.`,
    );
  }
  return cls;
}

/**
 * The class registered under `name`, or undefined.
 *
 * @example
 * findDocumentClass('Address'); // class Address | undefined
 */
export function findDocumentClass(name: string): ClassRef | undefined {
  return classes.get(name);
}

/**
 * Every registered name (for diagnostics and tests).
 *
 * @example
 * registeredDocumentNames(); // ['User', 'Page', 'Page.DatedPage']
 */
export function registeredDocumentNames(): string[] {
  return [...classes.keys()];
}

setEmbeddedClassResolver((name) => classes.get(name) as EmbeddedClass | undefined);
