import { ServerError } from '../../errors.js';
import { registerFieldOperator } from '../match/field-operators.js';
import { predicate } from '../match/types.js';
import { storedGeometries } from './stored-geometries.js';
import { compileIntersects, compileWithin, type GeometryTest } from './within-shape.js';

/**
 * The error for `$near`/`$nearSphere` anywhere but the top level of a find filter (count,
 * `$match`, …), where MongoDB has no distance sort to run them with.
 *
 * @example
 * ```ts
 * throw nearNotAllowed();
 * ```
 */
export function nearNotAllowed(): ServerError {
  return new ServerError(
    { code: 5626500, codeName: 'Location5626500' },
    '$geoNear, $near, and $nearSphere are not allowed in this context, as these operators require sorting geospatial data. If you do not need sort, consider using $geoWithin instead.',
  );
}

/** A predicate that sees the whole field value (a legacy pair is an array, so no implicit expansion). */
function geoPredicate(test: GeometryTest): ReturnType<typeof predicate> {
  return predicate((value) => storedGeometries(value).some(test), false);
}

/**
 * Registers the geo query operators with the match registry. Idempotent; `query/match.ts` calls it.
 *
 * @example
 * ```ts
 * registerGeoOperators();
 * compileFilter({ loc: { $geoWithin: { $box: [[0, 0], [1, 1]] } } });
 * ```
 */
export function registerGeoOperators(): void {
  registerFieldOperator('$geoWithin', (operand) => geoPredicate(compileWithin(operand)));
  registerFieldOperator('$within', (operand) => geoPredicate(compileWithin(operand)));
  registerFieldOperator('$geoIntersects', (operand) => geoPredicate(compileIntersects(operand)));
  for (const name of ['$near', '$nearSphere']) {
    registerFieldOperator(name, () => {
      throw nearNotAllowed();
    });
  }
  for (const name of ['$maxDistance', '$minDistance']) {
    registerFieldOperator(name, (_operand, siblings, _ctx, opName) => {
      if ('$near' in siblings || '$nearSphere' in siblings) throw nearNotAllowed();
      throw new ServerError('BadValue', `${opName} must be within a $near or $nearSphere`);
    });
  }
}

registerGeoOperators();
