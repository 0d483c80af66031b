import type { TestProject } from 'vitest/node';
import { MemoryServer } from '@mongoengine-ts/memory-server';

/**
 * Starts one memory server for the ODM suites, unless MONGODB_URI points at a real MongoDB.
 * Tests read the URI with `inject('mongoUri')` and use a fresh database per test file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['MONGODB_URI'];
  if (external) {
    project.provide('mongoUri', external);
    return async () => {};
  }
  const server = await MemoryServer.start({ port: 0 });
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}
