/**
 * The image work of {@link ImageField}, done with sharp on a whole buffer: read the format and
 * size, shrink to `size` (or fit it exactly with `force`), and make the thumbnail. MongoEngine
 * does the same with Pillow (`Image.thumbnail` / `ImageOps.fit`).
 */
import type { SharpFactory, SharpPipeline } from './load-sharp.js';

/** A target size: fit within `width`×`height`, or with `force` fill it exactly (centre crop). */
export interface ImageSize {
  /** Largest width in pixels (the exact width with `force`). */
  readonly width: number;
  /** Largest height in pixels (the exact height with `force`). */
  readonly height: number;
  /** Produce exactly this size, scaling and cropping around the centre (MongoEngine's `ImageOps.fit`). */
  readonly force?: boolean;
}

/** One encoded image with what was read from it. */
export interface EncodedImage {
  readonly data: Buffer;
  /** Upper-case format name as Pillow reports it: `PNG`, `JPEG`, `WEBP`, `GIF`, `TIFF`, `HEIF`, `SVG`… */
  readonly format: string;
  readonly width: number;
  readonly height: number;
}

/** Formats sharp can write; another input format (SVG…) is re-encoded as PNG when resized. */
const WRITABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'avif']);

/** The image could not be decoded; `message` is sharp's reason. */
export class NotAnImage extends Error {}

/**
 * Reads `data` as an image and applies `size` (MongoEngine: larger images shrink to fit; `force`
 * gives exactly that size). An image already within `size` keeps its original bytes.
 *
 * @throws {NotAnImage} when sharp cannot read the data.
 * @example
 * const sharp = await loadSharp("ImageField 'User.avatar'");
 * const img = await prepareImage(sharp, Buffer.from('…'), { width: 100, height: 100 });
 * img.format; // 'PNG'
 */
export async function prepareImage(
  sharp: SharpFactory,
  data: Buffer,
  size: ImageSize | undefined,
): Promise<EncodedImage> {
  let meta;
  try {
    meta = await sharp(data).metadata();
  } catch (error) {
    throw new NotAnImage(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { format, width, height } = meta;
  if (format === undefined || width === undefined || height === undefined) {
    throw new NotAnImage('no image format or dimensions could be read');
  }
  const needsResize =
    size !== undefined && (size.force === true || width > size.width || height > size.height);
  if (!needsResize) return { data, format: format.toUpperCase(), width, height };
  return encode(sharp, data, format, size);
}

/**
 * The thumbnail of an (already prepared) image: shrunk to fit `size` and never enlarged, or with
 * `force` exactly `size` (Pillow's `thumbnail` / `ImageOps.fit`).
 *
 * @example
 * const sharp = await loadSharp("ImageField 'User.avatar'");
 * const img = await prepareImage(sharp, Buffer.from('…'), undefined);
 * const thumb = await makeThumbnail(sharp, img, { width: 64, height: 64 });
 */
export function makeThumbnail(
  sharp: SharpFactory,
  image: EncodedImage,
  size: ImageSize,
): Promise<EncodedImage> {
  return encode(sharp, image.data, image.format.toLowerCase(), size);
}

async function encode(
  sharp: SharpFactory,
  data: Buffer,
  format: string,
  size: ImageSize,
): Promise<EncodedImage> {
  const pipeline: SharpPipeline = sharp(data).resize(
    size.force === true
      ? { width: size.width, height: size.height, fit: 'cover', position: 'centre' }
      : { width: size.width, height: size.height, fit: 'inside', withoutEnlargement: true },
  );
  const target = WRITABLE.has(format) ? format : 'png';
  let out;
  try {
    out = await pipeline.toFormat(target).toBuffer({ resolveWithObject: true });
  } catch (error) {
    // Header read fine but the pixels do not decode (a truncated file).
    throw new NotAnImage(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return {
    data: out.data,
    format: out.info.format.toUpperCase(),
    width: out.info.width,
    height: out.info.height,
  };
}
