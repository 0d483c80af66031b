import { ObjectId } from 'mongodb';
import type { FieldContext } from '../fields/tracked.js';
import { FileField, type FileFieldOptions } from './file-field.js';
import type { ImageSize } from './image-process.js';
import { DEFAULT_MAX_IMAGE_BYTES, ImageGridFsProxy, type ImageProxySettings } from './image-proxy.js';

export type { ImageSize } from './image-process.js';

/** Options of {@link ImageField}. */
export interface ImageFieldOptions extends FileFieldOptions {
  /** Images larger than this are shrunk to fit; with `force: true` every image gets exactly this size (centre crop). */
  readonly size?: ImageSize;
  /** Store a thumbnail of this size as a second GridFS file (fit within, never enlarged; `force`: exact size). */
  readonly thumbnailSize?: ImageSize;
  /** Largest accepted input in bytes (default 32 MiB): an image is held whole in memory while sharp processes it. */
  readonly maxBytes?: number;
}

function checkSize(option: string, size: ImageSize | undefined): void {
  if (size === undefined) return;
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (!ok(size.width) || !ok(size.height)) {
    throw new TypeError(
      `ImageField option ${option} needs positive integer width and height, got ${JSON.stringify(size)}.`,
    );
  }
}

/**
 * An image kept in GridFS (MongoEngine's `ImageField`): a {@link FileField} whose proxy, an
 * {@link ImageGridFsProxy}, reads the data as an image on `put`, shrinks it to `size`, records its
 * format and size, and keeps a thumbnail. Needs the optional dependency `sharp`, imported on the
 * first image operation. The bucket defaults to `images`, as in MongoEngine.
 *
 * @example
 * class Profile extends Document.define({
 *   avatar: new ImageField({ size: { width: 512, height: 512 }, thumbnailSize: { width: 64, height: 64, force: true } }),
 * }) {}
 * const p = new Profile();
 * await p.avatar.put(Buffer.from('…png bytes…'), { filename: 'ada.png' });
 * p.avatar.format; // 'PNG'
 * await p.save();
 */
export class ImageField<
  const TOptions extends ImageFieldOptions = ImageFieldOptions,
> extends FileField<TOptions> {
  declare readonly __value: ImageGridFsProxy;
  declare readonly __input: ImageGridFsProxy | ObjectId;
  override readonly fieldType: string = 'ImageField';
  declare readonly settings: ImageProxySettings;

  constructor(options?: TOptions) {
    super(options);
    const o = this.options;
    checkSize('size', o.size);
    checkSize('thumbnailSize', o.thumbnailSize);
    const maxBytes = o.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
      throw new TypeError(
        `ImageField option maxBytes must be a positive integer, got ${String(o.maxBytes)}.`,
      );
    }
    const settings: ImageProxySettings = {
      collectionName: o.collectionName ?? 'images',
      dbAlias: o.dbAlias,
      md5: o.md5,
      size: o.size,
      thumbnailSize: o.thumbnailSize,
      maxBytes,
    };
    (this as { settings: ImageProxySettings }).settings = settings;
  }

  override emptyProxy(ctx?: FieldContext): ImageGridFsProxy {
    return new ImageGridFsProxy(this.settings, undefined, ctx);
  }

  override getDefault(): ImageGridFsProxy {
    return this.emptyProxy();
  }

  override cast(value: unknown): unknown {
    return value instanceof ObjectId ? new ImageGridFsProxy(this.settings, value) : value;
  }

  override toJs(raw: unknown, ctx: FieldContext): unknown {
    return raw instanceof ObjectId ? new ImageGridFsProxy(this.settings, raw, ctx) : raw;
  }
}
