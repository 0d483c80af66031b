/**
 * The pure compilers the queryset runs (filter, update, ordering, projection), gathered in one
 * place so the executing code has a single import site.
 */
export { compileFilter, resolveDbPath } from './filter/index.js';
export { compileUpdate } from './update/index.js';
export { compileOrdering, compileProjection } from './projection/index.js';
