import { BSON } from 'bson';

/**
 * A BSON document as the server holds it. Values keep their BSON wrapper classes
 * (`Int32`, `Double`, `Long`, `Decimal128`, `BSONRegExp`, `Binary`, `Timestamp`, `MinKey`, …)
 * because documents are deserialized with {@link DESERIALIZE_OPTIONS}; this is what keeps
 * int32 an int32 and 1.0 a double through storage and back.
 */
export type Doc = Record<string, unknown>;

/**
 * How every incoming document is deserialized: no promotion of numbers to JS `number`,
 * regular expressions kept as `BSONRegExp` (flags are preserved exactly), binaries kept as `Binary`.
 */
export const DESERIALIZE_OPTIONS: BSON.DeserializeOptions = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: true,
  useBigInt64: false,
  validation: { utf8: true },
};

/** Deserializes one BSON document with the server's options. */
export function decodeDocument(bytes: Uint8Array): Doc {
  return BSON.deserialize(bytes, DESERIALIZE_OPTIONS) as Doc;
}

/** Serializes one document (replies, stored size computations). */
export function encodeDocument(doc: Doc): Uint8Array {
  return BSON.serialize(doc, { checkKeys: false, ignoreUndefined: false });
}

/** BSON byte size of a document (used for `dbStats`/`collStats` and batch size caps). */
export function documentSize(doc: Doc): number {
  return BSON.calculateObjectSize(doc, { ignoreUndefined: false });
}
