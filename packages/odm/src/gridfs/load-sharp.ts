/**
 * Lazy loading of `sharp`, the optional image library behind {@link ImageField}. It is imported
 * on the first image operation, never when the package loads, so programs without images run
 * without it. Only the few members the image code calls are typed here, so the published types
 * never reference sharp's own declarations (a consumer without sharp still type-checks).
 */
import { GridFSError } from './grid-fs-proxy.js';

/** What `sharp().metadata()` reports and the image code reads. */
export interface SharpMetadata {
  readonly format?: string | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** The output info of `toBuffer({ resolveWithObject: true })`. */
export interface SharpOutputInfo {
  readonly format: string;
  readonly width: number;
  readonly height: number;
}

/** The subset of a sharp pipeline the image code uses. */
export interface SharpPipeline {
  metadata(): Promise<SharpMetadata>;
  resize(options: {
    width: number;
    height: number;
    fit: 'cover' | 'inside';
    position?: 'centre';
    withoutEnlargement?: boolean;
  }): SharpPipeline;
  toFormat(format: string): SharpPipeline;
  toBuffer(options: { resolveWithObject: true }): Promise<{ data: Buffer; info: SharpOutputInfo }>;
}

/** The `sharp(input)` function. */
export type SharpFactory = (input: Buffer) => SharpPipeline;

/** Resolves to the `sharp` module (its namespace or its default export). */
export type ImageLibraryLoader = () => Promise<unknown>;

const importSharp: ImageLibraryLoader = () => import('sharp');

let loader: ImageLibraryLoader = importSharp;
/** The module import in flight or done; cleared when it fails, so a later call retries. */
let loading: Promise<unknown> | undefined;

/**
 * Replaces how sharp is loaded (`undefined` restores the real `import('sharp')`). Internal: tests
 * use it to simulate a missing dependency; it is not exported from the package.
 *
 * @example
 * setImageLibraryLoader(() => Promise.reject(Object.assign(new Error('nope'), { code: 'ERR_MODULE_NOT_FOUND' })));
 * setImageLibraryLoader(undefined); // back to import('sharp')
 */
export function setImageLibraryLoader(next: ImageLibraryLoader | undefined): void {
  loader = next ?? importSharp;
  loading = undefined;
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function factoryOf(mod: unknown): SharpFactory | undefined {
  if (typeof mod === 'function') return mod as SharpFactory;
  const fallback = (mod as { default?: unknown } | null)?.default;
  return typeof fallback === 'function' ? (fallback as SharpFactory) : undefined;
}

function importOnce(): Promise<unknown> {
  if (loading === undefined) {
    const attempt = loader();
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading;
}

/**
 * The `sharp` function, imported once (a failed import is retried on the next call).
 *
 * @param who - names the field in the error message, e.g. `ImageField 'User.avatar'`.
 * @throws {GridFSError} "<who> needs the optional dependency sharp: npm install sharp" when it is not installed.
 * @example
 * const sharp = await loadSharp("ImageField 'User.avatar'");
 * const meta = await sharp(Buffer.from('…')).metadata();
 */
export async function loadSharp(who: string): Promise<SharpFactory> {
  let mod: unknown;
  try {
    mod = await importOnce();
  } catch (error) {
    if (isMissingModule(error)) {
      throw new GridFSError(`${who} needs the optional dependency sharp: npm install sharp`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new GridFSError(`${who} could not load the optional dependency sharp: ${reason}`, { cause: error });
  }
  const factory = factoryOf(mod);
  if (factory === undefined) {
    throw new GridFSError(
      `${who} could not load the optional dependency sharp: the module exports no function.`,
    );
  }
  return factory;
}
