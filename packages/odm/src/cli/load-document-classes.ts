import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFINITION, baseKindOf, classInfo, isBaseClass, type ClassInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import { findDocumentClass, registeredDocumentNames } from '../document/registry.js';
import { UsageError } from './usage.js';

/** A module failed while loading (exit code 3, unlike a missing module). */
export class ModuleLoadError extends Error {
  override readonly name = 'ModuleLoadError';
}

/** Whether a value is a concrete, user-declared `Document` class (not a base, not a `define()` result). */
function isDocumentClass(value: unknown): value is ClassRef {
  if (typeof value !== 'function') return false;
  const cls = value as ClassRef;
  if (baseKindOf(cls)?.kind !== 'document' || isBaseClass(cls)) return false;
  return !Object.prototype.hasOwnProperty.call(cls, DEFINITION);
}

/**
 * Imports each module (paths relative to `cwd`) and returns the metadata of every document class
 * with a collection that the modules export or register while loading. A `.ts` module needs a
 * TypeScript loader (run the CLI under `tsx`).
 *
 * @throws {UsageError} when a module does not exist.
 * @throws {ModuleLoadError} when a module throws while loading.
 * @example
 * const infos = await loadDocumentClasses(['./dist/models.js'], process.cwd());
 * infos.map((i) => i.className); // ['User', 'Post']
 */
export async function loadDocumentClasses(modules: readonly string[], cwd: string): Promise<ClassInfo[]> {
  const before = new Set(registeredDocumentNames());
  const found = new Set<ClassRef>();
  for (const spec of modules) {
    const path = resolve(cwd, spec);
    if (!existsSync(path)) throw new UsageError(`Module not found: ${spec} (looked at ${path}).`);
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const hint =
        code === 'ERR_UNKNOWN_FILE_EXTENSION' && ['.ts', '.mts', '.cts'].includes(extname(path))
          ? ' Node cannot load TypeScript by itself: run the CLI under tsx (`npx tsx node_modules/mongoengine-ts/dist/cli/main.js …`) or point it at the compiled .js module.'
          : '';
      throw new ModuleLoadError(`Could not load ${spec}: ${(error as Error).message}${hint}`, {
        cause: error,
      });
    }
    for (const value of Object.values(namespace)) if (isDocumentClass(value)) found.add(value);
  }
  // Classes registered while loading (e.g. with `static { this.register(); }`) count even when not exported.
  for (const name of registeredDocumentNames()) {
    if (before.has(name)) continue;
    const cls = findDocumentClass(name);
    if (isDocumentClass(cls)) found.add(cls);
  }
  const infos: ClassInfo[] = [];
  for (const cls of found) {
    let info: ClassInfo;
    try {
      info = classInfo(cls);
    } catch (error) {
      throw new ModuleLoadError(`Invalid document class ${cls.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (info.kind === 'document' && info.collection !== undefined) infos.push(info);
  }
  return infos;
}
