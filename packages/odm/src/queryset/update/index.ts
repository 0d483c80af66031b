import { installUpdateCompiler } from '../../document/compile-update.js';
import type { DocumentClassLike } from '../filter/index.js';
import { compileUpdate } from './compile-update.js';

export {
  compileUpdate,
  type UpdateInput,
  type CompileUpdateOptions,
  type CompiledUpdate,
} from './compile-update.js';

// `doc.update()` and `doc.modify()` compile with this compiler once the queryset layer is
// loaded (document/ cannot import queryset/), so they accept what `QuerySet.update()` accepts.
installUpdateCompiler((cls, ops, options) =>
  compileUpdate(
    cls as DocumentClassLike,
    ops,
    options.arrayFilters ? { arrayFilters: options.arrayFilters } : {},
  ),
);
