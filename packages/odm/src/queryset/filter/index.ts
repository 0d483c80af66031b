import { installFilterCompiler } from '../../document/compile-condition.js';
import { compileFilter } from './compile-filter.js';

export { compileFilter, parseLookupKey, type ParsedLookup } from './compile-filter.js';
export {
  raw,
  isRawQuery,
  isQueryNodeCarrier,
  RAW_FILTER,
  QUERY_NODE,
  type RawQuery,
  type QueryInput,
  type QueryNode,
  type QueryNodeCarrier,
} from './query-node.js';
export {
  resolveDbPath,
  classScope,
  type DocumentClassLike,
  type ResolvedDbPath,
  type PathScope,
} from './resolve-db-path.js';
export { COMPARISON_OPS, STRING_OPS, GEO_OPS, LIST_OPS, SHAPE_OPS } from './operators.js';

// `save({ saveCondition })` and `doc.modify(query)` compile their conditions with this compiler
// once the queryset layer is loaded (document/ cannot import queryset/).
installFilterCompiler((cls, _info, query) => compileFilter(cls, query));
