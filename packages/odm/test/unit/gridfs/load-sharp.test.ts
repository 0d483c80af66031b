import { afterEach, describe, expect, it } from 'vitest';
import { GridFSError } from '../../../src/gridfs/grid-fs-proxy.js';
import { loadSharp, setImageLibraryLoader } from '../../../src/gridfs/load-sharp.js';

const missing = () =>
  Promise.reject(Object.assign(new Error("Cannot find module 'sharp'"), { code: 'MODULE_NOT_FOUND' }));

afterEach(() => setImageLibraryLoader(undefined));

describe('loadSharp', () => {
  it('loads the real sharp by default (namespace with a default export)', async () => {
    const sharp = await loadSharp('X');
    expect(typeof sharp).toBe('function');
  });

  it('accepts a module that is the function itself', async () => {
    const fn = () => undefined;
    setImageLibraryLoader(() => Promise.resolve(fn));
    expect(await loadSharp('X')).toBe(fn);
  });

  it('names the field and the install command when sharp is missing (CJS and ESM codes)', async () => {
    setImageLibraryLoader(missing);
    const error = await loadSharp("ImageField 'User.avatar'").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GridFSError);
    expect((error as Error).message).toBe(
      "ImageField 'User.avatar' needs the optional dependency sharp: npm install sharp",
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('imports once while it succeeds, and retries after a failure', async () => {
    let calls = 0;
    let fail = true;
    setImageLibraryLoader(() => {
      calls += 1;
      return fail ? missing() : Promise.resolve({ default: () => undefined });
    });
    await expect(loadSharp('A')).rejects.toThrow('A needs the optional dependency sharp');
    await expect(loadSharp('B')).rejects.toThrow('B needs the optional dependency sharp');
    expect(calls).toBe(2);
    fail = false;
    await Promise.all([loadSharp('A'), loadSharp('B'), loadSharp('C')]);
    await loadSharp('D');
    expect(calls).toBe(3);
  });

  it('rejects a module without a function', async () => {
    setImageLibraryLoader(() => Promise.resolve({ default: 42 }));
    await expect(loadSharp('X')).rejects.toThrow(
      'X could not load the optional dependency sharp: the module exports no function.',
    );
  });
});
