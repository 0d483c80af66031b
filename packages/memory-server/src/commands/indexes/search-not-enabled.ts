import { ServerError } from '../../errors.js';

/**
 * The error a self-managed mongod 7.0 gives for Atlas Search commands and `$listSearchIndexes`.
 *
 * @example
 * ```ts
 * throw searchNotEnabled(); // code 31082 SearchNotEnabled, message mentions Atlas
 * ```
 */
export function searchNotEnabled(): ServerError {
  return new ServerError(
    { code: 31082, codeName: 'SearchNotEnabled' },
    'Using Atlas Search Database Commands and the $listSearchIndexes aggregation stage requires additional configuration. Please connect to Atlas or an AtlasCLI local deployment to enable.',
  );
}
