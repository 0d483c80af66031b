#!/usr/bin/env node
/**
 * The `mongoengine-ts` executable: runs the CLI on `process.argv` and exits with its code. The
 * work lives in `run.ts` so tests can call it in-process; run this file directly
 * (`node dist/cli/main.js`, or `npx tsx src/cli/main.ts` for TypeScript modules).
 */
import { disconnectAll } from '../connection/connection-registry.js';
import { run } from './run.js';

const code = await run(process.argv.slice(2));
// Connections the loaded modules opened themselves would keep the event loop alive.
await disconnectAll();
process.exitCode = code;
