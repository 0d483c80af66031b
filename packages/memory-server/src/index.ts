/**
 * `@mongoengine-ts/memory-server`: an in-memory server that speaks the MongoDB wire protocol.
 *
 * @example
 * ```ts
 * import { MemoryServer } from '@mongoengine-ts/memory-server';
 * const server = await MemoryServer.start();
 * console.log(server.uri); // mongodb://127.0.0.1:54321/
 * await server.stop();
 * ```
 *
 * @module @mongoengine-ts/memory-server
 */
export { MemoryServer, type MemoryServerOptions } from './server/memory-server.js';
export { ServerError, ErrorCodes, type ErrorCodeName } from './errors.js';
