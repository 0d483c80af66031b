export type {
  FilterQuery,
  FilterQueryOf,
  FilterArgOf,
  GeoOperand,
  ItemConditions,
  DynamicKeys,
} from './lookup-keys.js';
export type { UpdateQuery, UpdateQueryOf, UpdatePosition } from './update-keys.js';
export type { FieldPaths, ListItemOf, EmbeddedFieldsOf, DefaultDepth } from './field-paths.js';
