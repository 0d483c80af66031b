export {
  BaseField,
  type BaseFieldOptions,
  type AnyField,
  type FieldMap,
  type FieldValue,
  type FieldInput,
  type FieldOptionsOf,
  type HasDefault,
  type IsDeclaredRequired,
  type IsRequiredField,
  type InstanceShape,
  type InsertShape,
} from './base-field.js';
export {
  TrackedList,
  TrackedDict,
  isTracked,
  rebindTracked,
  trackedContext,
  type ChangeSink,
  type FieldContext,
  type AttachItem,
} from './tracked.js';
export {
  setEmbeddedClassResolver,
  resolveEmbeddedClass,
  isEmbeddedInstance,
  isEmbeddedClass,
  type EmbeddedInstance,
  type EmbeddedClass,
  type EmbeddedClassRef,
} from './embedded-protocol.js';
export { StringField, type StringFieldOptions } from './string-field.js';
export { URLField, type URLFieldOptions } from './url-field.js';
export { EmailField, type EmailFieldOptions } from './email-field.js';
export { IntField, LongField, type IntFieldOptions, type LongFieldOptions } from './int-field.js';
export { FloatField, type FloatFieldOptions } from './float-field.js';
export {
  DecimalField,
  Decimal128Field,
  type DecimalFieldOptions,
  type Decimal128FieldOptions,
} from './decimal-field.js';
export { BooleanField } from './boolean-field.js';
export {
  DateTimeField,
  DateField,
  ComplexDateTimeField,
  type DateTimeFieldOptions,
  type ComplexDateTimeFieldOptions,
} from './date-fields.js';
export { ObjectIdField } from './object-id-field.js';
export { UUIDField, type UUIDFieldOptions } from './uuid-field.js';
export { BinaryField, type BinaryFieldOptions } from './binary-field.js';
export { EnumField, type EnumSource, type EnumValue } from './enum-field.js';
export {
  ListField,
  SortedListField,
  type ListFieldOptions,
  type SortedListFieldOptions,
} from './list-field.js';
export { DictField, MapField, type DictItemValue } from './dict-field.js';
export { DynamicField } from './dynamic-field.js';
export {
  EmbeddedDocumentField,
  GenericEmbeddedDocumentField,
  type GenericEmbeddedDocumentFieldOptions,
  type EmbeddedInstanceOf,
  type EmbeddedInputOf,
} from './embedded-document-field.js';
export {
  EmbeddedDocumentList,
  EmbeddedDocumentListField,
  type EmbeddedCriteria,
} from './embedded-document-list.js';
export { SequenceField, type SequenceFieldOptions, type SequenceValue } from './sequence-field.js';
export {
  GeoPointField,
  GeoJsonBaseField,
  PointField,
  LineStringField,
  PolygonField,
  MultiPointField,
  MultiLineStringField,
  MultiPolygonField,
  type GeoIndexType,
  type GeoJson,
  type GeoJsonFieldOptions,
} from './geo-fields.js';
export { type Position, type GeoJsonType } from './geo-json.js';
export { ROUNDING, type Rounding } from '../util/decimal.js';
