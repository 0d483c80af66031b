export { compileProjection, type ProjectionSpec } from './compile-projection.js';
export { compileOrdering, TEXT_SCORE_SORT_KEY } from './compile-ordering.js';
