import type { Doc } from '../../bson.js';
import { ServerError } from '../../errors.js';
import { bsonTypeName, compareValues, isPlainDocument, valuesEqual } from '../compare.js';
import { compareNumbers, exactJsNumber, integralBigInt, isNumber } from '../compare-numbers.js';
import { BSON_TYPE_CODES, NUMERIC_TYPE_NAMES } from '../type-names.js';
import { regexSource, toJsRegExp } from './regex.js';
import type { DocMatcher } from './types.js';

type Validator = (value: unknown) => boolean;

const JSON_TYPES: Record<string, readonly string[]> = {
  object: ['object'],
  array: ['array'],
  number: [...NUMERIC_TYPE_NAMES],
  boolean: ['bool'],
  string: ['string'],
  null: ['null'],
};

const IGNORED = new Set(['title', 'description', '$comment']);

function parseError(message: string): ServerError {
  return new ServerError('FailedToParse', message);
}

function typeSet(
  keyword: string,
  operand: unknown,
  resolve: (name: string) => readonly string[] | undefined,
): Set<string> {
  const names = Array.isArray(operand) ? operand : [operand];
  if (names.length === 0) throw parseError(`$jsonSchema keyword '${keyword}' must name at least one type`);
  const out = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string')
      throw new ServerError(
        'TypeMismatch',
        `$jsonSchema keyword '${keyword}' must be a string or an array of strings`,
      );
    if (keyword === 'type' && name === 'integer') {
      throw parseError("$jsonSchema type 'integer' is not currently supported.");
    }
    const resolved = resolve(name);
    if (!resolved) throw new ServerError('BadValue', `Unknown type name alias: ${name}`);
    for (const r of resolved) out.add(r);
  }
  return out;
}

function nonNegativeInt(keyword: string, operand: unknown): number {
  const n = isNumber(operand) ? integralBigInt(operand) : undefined;
  if (n === undefined || n < 0n)
    throw parseError(`$jsonSchema keyword '${keyword}' must be a non-negative integer`);
  return Number(n);
}

function schemaObject(keyword: string, operand: unknown): Doc {
  if (!isPlainDocument(operand))
    throw new ServerError('TypeMismatch', `$jsonSchema keyword '${keyword}' must be an object`);
  return operand;
}

function schemaList(keyword: string, operand: unknown): Validator[] {
  if (!Array.isArray(operand) || operand.length === 0) {
    throw parseError(`$jsonSchema keyword '${keyword}' must be a nonempty array`);
  }
  return operand.map((s) => compileSchema(schemaObject(keyword, s)));
}

/** Compiles one schema keyword; each keyword constrains only the values of its own type. */
function compileKeyword(keyword: string, operand: unknown, schema: Doc): Validator | undefined {
  const isStr = (v: unknown): v is string => typeof v === 'string';
  switch (keyword) {
    case 'bsonType': {
      const names = typeSet(keyword, operand, (n) =>
        n === 'number' ? [...NUMERIC_TYPE_NAMES] : BSON_TYPE_CODES.has(n) ? [n] : undefined,
      );
      return (v) => names.has(bsonTypeName(v));
    }
    case 'type': {
      const names = typeSet(keyword, operand, (n) => JSON_TYPES[n]);
      return (v) => names.has(bsonTypeName(v));
    }
    case 'enum': {
      if (!Array.isArray(operand) || operand.length === 0)
        throw parseError("$jsonSchema keyword 'enum' must be a nonempty array");
      return (v) => operand.some((x) => valuesEqual(v, x));
    }
    case 'minimum':
    case 'maximum': {
      if (!isNumber(operand))
        throw new ServerError('TypeMismatch', `$jsonSchema keyword '${keyword}' must be a number`);
      const exclusive = schema[keyword === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'] === true;
      const sign = keyword === 'minimum' ? 1 : -1;
      return (v) => {
        if (!isNumber(v)) return true;
        const c = compareNumbers(v, operand) * sign;
        return exclusive ? c > 0 : c >= 0;
      };
    }
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      if (typeof operand !== 'boolean')
        throw new ServerError('TypeMismatch', `$jsonSchema keyword '${keyword}' must be a boolean`);
      return undefined;
    case 'multipleOf': {
      if (!isNumber(operand) || compareNumbers(operand, 0) <= 0)
        throw parseError("$jsonSchema keyword 'multipleOf' must be a positive number");
      const divisor = exactJsNumber(operand) ?? Number(String(operand));
      return (v) => !isNumber(v) || (exactJsNumber(v) ?? Number(String(v))) % divisor === 0;
    }
    case 'minLength':
    case 'maxLength': {
      const n = nonNegativeInt(keyword, operand);
      return (v) => !isStr(v) || (keyword === 'minLength' ? [...v].length >= n : [...v].length <= n);
    }
    case 'pattern': {
      const source = regexSource(operand);
      if (typeof operand !== 'string' && !source)
        throw new ServerError('TypeMismatch', "$jsonSchema keyword 'pattern' must be a string");
      const re = source ? toJsRegExp(source.pattern, source.options) : toJsRegExp(operand as string, '');
      return (v) => !isStr(v) || re.test(v);
    }
    case 'minItems':
    case 'maxItems': {
      const n = nonNegativeInt(keyword, operand);
      return (v) => !Array.isArray(v) || (keyword === 'minItems' ? v.length >= n : v.length <= n);
    }
    case 'uniqueItems':
      if (typeof operand !== 'boolean')
        throw new ServerError('TypeMismatch', "$jsonSchema keyword 'uniqueItems' must be a boolean");
      return operand
        ? (v) => !Array.isArray(v) || v.every((x, i) => v.findIndex((y) => compareValues(x, y) === 0) === i)
        : undefined;
    case 'items': {
      if (Array.isArray(operand)) {
        const validators = operand.map((s) => compileSchema(schemaObject(keyword, s)));
        const extra = schema['additionalItems'];
        const extraValidator =
          extra === undefined || extra === true
            ? undefined
            : extra === false
              ? () => false
              : compileSchema(schemaObject('additionalItems', extra));
        return (v) =>
          !Array.isArray(v) ||
          v.every((x, i) => {
            const validate = i < validators.length ? validators[i] : extraValidator;
            return validate ? validate(x) : true;
          });
      }
      const each = compileSchema(schemaObject(keyword, operand));
      return (v) => !Array.isArray(v) || v.every(each);
    }
    case 'additionalItems':
      return undefined;
    case 'required': {
      if (!Array.isArray(operand) || operand.length === 0 || !operand.every(isStr)) {
        throw parseError("$jsonSchema keyword 'required' must be a nonempty array of strings");
      }
      return (v) => !isPlainDocument(v) || operand.every((k) => Object.hasOwn(v, k));
    }
    case 'minProperties':
    case 'maxProperties': {
      const n = nonNegativeInt(keyword, operand);
      return (v) =>
        !isPlainDocument(v) ||
        (keyword === 'minProperties' ? Object.keys(v).length >= n : Object.keys(v).length <= n);
    }
    case 'properties': {
      const props = Object.entries(schemaObject(keyword, operand)).map(
        ([k, s]) => [k, compileSchema(schemaObject(k, s))] as const,
      );
      return (v) =>
        !isPlainDocument(v) || props.every(([k, validate]) => !Object.hasOwn(v, k) || validate(v[k]));
    }
    case 'patternProperties':
      return undefined;
    case 'additionalProperties': {
      const known = new Set(Object.keys(isPlainDocument(schema['properties']) ? schema['properties'] : {}));
      const patterns = Object.keys(
        isPlainDocument(schema['patternProperties']) ? schema['patternProperties'] : {},
      ).map((p) => toJsRegExp(p, ''));
      const patternSchemas = isPlainDocument(schema['patternProperties'])
        ? Object.entries(schema['patternProperties']).map(
            ([p, s]) => [toJsRegExp(p, ''), compileSchema(schemaObject(p, s))] as const,
          )
        : [];
      const extra: Validator =
        operand === true
          ? () => true
          : operand === false
            ? () => false
            : compileSchema(schemaObject(keyword, operand));
      return (v) => {
        if (!isPlainDocument(v)) return true;
        for (const [k, x] of Object.entries(v)) {
          for (const [re, validate] of patternSchemas) if (re.test(k) && !validate(x)) return false;
          if (!known.has(k) && !patterns.some((re) => re.test(k)) && !extra(x)) return false;
        }
        return true;
      };
    }
    case 'allOf': {
      const list = schemaList(keyword, operand);
      return (v) => list.every((validate) => validate(v));
    }
    case 'anyOf': {
      const list = schemaList(keyword, operand);
      return (v) => list.some((validate) => validate(v));
    }
    case 'oneOf': {
      const list = schemaList(keyword, operand);
      return (v) => list.filter((validate) => validate(v)).length === 1;
    }
    case 'not': {
      const inner = compileSchema(schemaObject(keyword, operand));
      return (v) => !inner(v);
    }
    default:
      if (IGNORED.has(keyword)) return undefined;
      if (
        keyword === 'dependencies' ||
        keyword === 'encrypt' ||
        keyword === 'encryptMetadata' ||
        keyword === '$ref' ||
        keyword === 'format' ||
        keyword === 'default' ||
        keyword === 'definitions' ||
        keyword === 'id' ||
        keyword === '$schema'
      ) {
        throw parseError(`$jsonSchema keyword '${keyword}' is not supported by the memory server`);
      }
      throw parseError(`Unknown $jsonSchema keyword: ${keyword}`);
  }
}

function compileSchema(schema: Doc): Validator {
  if (Object.hasOwn(schema, 'type') && Object.hasOwn(schema, 'bsonType')) {
    throw parseError("Cannot specify both $jsonSchema keywords 'type' and 'bsonType'");
  }
  const validators: Validator[] = [];
  for (const [keyword, operand] of Object.entries(schema)) {
    const validate = compileKeyword(keyword, operand, schema);
    if (validate) validators.push(validate);
  }
  // Patterns without additionalProperties still constrain matching properties.
  if (isPlainDocument(schema['patternProperties']) && !Object.hasOwn(schema, 'additionalProperties')) {
    const validate = compileKeyword('additionalProperties', true, schema);
    if (validate) validators.push(validate);
  }
  return (v) => validators.every((validate) => validate(v));
}

/**
 * `$jsonSchema` (draft 4 subset MongoDB supports, plus `bsonType`): `bsonType`, `type`, `enum`,
 * `required`, `properties`, `additionalProperties`, `patternProperties`, `minimum`/`maximum`
 * (+`exclusive…`), `multipleOf`, `minLength`/`maxLength`, `pattern`, `items`/`additionalItems`,
 * `minItems`/`maxItems`, `uniqueItems`, `min`/`maxProperties`, `allOf`/`anyOf`/`oneOf`/`not`.
 * Other keywords fail with FailedToParse.
 *
 * @example
 * ```ts
 * compileJsonSchema({ required: ['name'], properties: { age: { bsonType: 'int', minimum: 0 } } });
 * ```
 */
export function compileJsonSchema(operand: unknown): DocMatcher {
  if (!isPlainDocument(operand)) throw new ServerError('TypeMismatch', '$jsonSchema must be an object');
  const validate = compileSchema(operand);
  return (doc) => validate(doc);
}
