/**
 * The value an {@link ImageField} holds: a {@link GridFSProxy} whose `put` reads the data as an
 * image (with sharp), resizes it, records its format and size, and keeps a thumbnail.
 */
import { Readable } from 'node:stream';
import { ObjectId } from 'mongodb';
import type { FieldContext } from '../fields/tracked.js';
import {
  GridFSError,
  GridFSProxy,
  type GridFSData,
  type GridFSProxySettings,
  type GridFSPutOptions,
} from './grid-fs-proxy.js';
import {
  makeThumbnail,
  NotAnImage,
  prepareImage,
  type EncodedImage,
  type ImageSize,
} from './image-process.js';
import { loadSharp } from './load-sharp.js';

/** Default {@link ImageProxySettings.maxBytes}: 32 MiB. */
export const DEFAULT_MAX_IMAGE_BYTES = 32 * 1024 * 1024;

/** Settings an image proxy takes from its {@link ImageField}. */
export interface ImageProxySettings extends GridFSProxySettings {
  /** Larger images are shrunk to fit (or, with `force`, fitted exactly). */
  readonly size?: ImageSize | undefined;
  /** Also store a thumbnail of this size as a second file. */
  readonly thumbnailSize?: ImageSize | undefined;
  /** Largest input accepted, in bytes: images are held whole in memory while sharp works. */
  readonly maxBytes: number;
}

/** Width and height in pixels. */
export interface ImageDimensions {
  /** Width of the stored image in pixels. */
  readonly width: number;
  /** Height of the stored image in pixels. */
  readonly height: number;
}

async function collect(data: GridFSData, maxBytes: number, who: string): Promise<Buffer> {
  if (typeof data === 'string') data = Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (buffer.length > maxBytes) throw tooLarge(who, maxBytes);
    return buffer;
  }
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of data) {
    const part = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    total += part.length;
    if (total > maxBytes) {
      data.destroy();
      throw tooLarge(who, maxBytes);
    }
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function tooLarge(who: string, maxBytes: number): GridFSError {
  return new GridFSError(
    `${who}: the image is larger than maxBytes (${maxBytes} bytes); images are held in memory while they are ` +
      "processed. Raise the field's maxBytes option, or store it in a FileField.",
  );
}

/**
 * A GridFS image (MongoEngine's `ImageGridFsProxy`). `put` and `replace` read the data as an image;
 * the files document's `metadata` records `format`, `width`, `height` and, with a thumbnail,
 * `thumbnailId`. `format`, `width`, `height` and `thumbnailId` are synchronous getters filled by
 * `put`, `load` and `read`; `size()` and `thumbnail()` load the metadata when needed.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * declare const avatar: ImageGridFsProxy; // e.g. profile.avatar, an ImageField
 * await avatar.put(await readFile('ada.png'), { filename: 'ada.png' });
 * avatar.format; // 'PNG'
 * await avatar.size(); // { width: 256, height: 256 }
 * const thumbBytes = await (await avatar.thumbnail())?.read();
 */
export class ImageGridFsProxy extends GridFSProxy {
  declare readonly settings: ImageProxySettings;
  #ctx: FieldContext | undefined;

  constructor(settings: ImageProxySettings, id?: ObjectId, ctx?: FieldContext) {
    super(settings, id, ctx);
    this.#ctx = ctx;
  }

  override _bind(ctx: FieldContext): this {
    this.#ctx = ctx;
    return super._bind(ctx);
  }

  /** Upper-case format (`'PNG'`, `'JPEG'`…) from the stored metadata (after `put`, `load` or `read`). */
  get format(): string | undefined {
    const format = this.metadata?.format;
    return typeof format === 'string' ? format : undefined;
  }

  /** Stored width in pixels (after `put`, `load` or `read`). */
  get width(): number | undefined {
    const width = this.metadata?.width;
    return typeof width === 'number' ? width : undefined;
  }

  /** Stored height in pixels (after `put`, `load` or `read`). */
  get height(): number | undefined {
    const height = this.metadata?.height;
    return typeof height === 'number' ? height : undefined;
  }

  /** Id of the thumbnail's GridFS file (after `put`, `load` or `read`; MongoEngine's `thumbnail_id`). */
  get thumbnailId(): ObjectId | undefined {
    const id = this.metadata?.thumbnailId;
    return id instanceof ObjectId ? id : undefined;
  }

  /**
   * Width and height, from the stored metadata (loaded if needed). A file stored without them
   * (not through an ImageField) is read and measured with sharp.
   *
   * @throws {GridFSError} when no file is attached or the stored file is missing.
   * @example
   * declare const avatar: ImageGridFsProxy;
   * const { width, height } = await avatar.size();
   */
  async size(): Promise<ImageDimensions> {
    if (this.metadata === undefined) await this.load();
    const { width, height } = this;
    if (width !== undefined && height !== undefined) return { width, height };
    const sharp = await loadSharp(this.describeImage());
    const meta = await sharp(await this.read()).metadata();
    return { width: meta.width ?? 0, height: meta.height ?? 0 };
  }

  /**
   * A proxy on the thumbnail file (call `read()` or `stream()` on it), or `undefined` when the
   * image has none. Loads the image's metadata when needed.
   *
   * @example
   * declare const avatar: ImageGridFsProxy;
   * const thumb = await avatar.thumbnail();
   * if (thumb) await thumb.read();
   */
  async thumbnail(): Promise<GridFSProxy | undefined> {
    if (this.id === undefined) return undefined;
    if (this.metadata === undefined) await this.load();
    const id = this.thumbnailId;
    return id === undefined ? undefined : this.sibling(id);
  }

  /**
   * Reads `data` as an image, resizes it to the field's `size`, uploads it (and its thumbnail)
   * and attaches it. The data is buffered (sharp needs the whole image), up to `maxBytes`.
   * Unless given, `contentType` is set from the format (`image/png`…).
   *
   * @throws {GridFSError} when a file is already attached, the data is not an image sharp can
   * read, it exceeds `maxBytes`, or sharp is not installed; nothing is stored then.
   * @example
   * import { createReadStream } from 'node:fs';
   * declare const profile: { avatar: ImageGridFsProxy; save(): Promise<unknown> };
   * await profile.avatar.put(createReadStream('ada.png'), { filename: 'ada.png' }); // buffered, up to maxBytes
   * await profile.save();
   */
  override async put(data: GridFSData, options: GridFSPutOptions = {}): Promise<this> {
    // Let the base report "already attached" / "wrong type" before any image work.
    if (
      this.id !== undefined ||
      !(typeof data === 'string' || data instanceof Uint8Array || data instanceof Readable)
    ) {
      return super.put(data, options);
    }
    const who = this.describeImage();
    const sharp = await loadSharp(who);
    const buffer = await collect(data, this.settings.maxBytes, who);
    let image: EncodedImage;
    let thumb: EncodedImage | undefined;
    try {
      image = await prepareImage(sharp, buffer, this.settings.size);
      const thumbSize = this.settings.thumbnailSize;
      if (thumbSize !== undefined) thumb = await makeThumbnail(sharp, image, thumbSize);
    } catch (error) {
      if (!(error instanceof NotAnImage)) throw error;
      throw new GridFSError(
        `${who} cannot store this data: it is not an image sharp can read (${error.message}).`,
        {
          cause: error,
        },
      );
    }
    const contentType = options.contentType ?? `image/${image.format.toLowerCase()}`;
    let thumbId: ObjectId | undefined;
    if (thumb !== undefined) {
      const proxy = this.sibling(undefined);
      await proxy.put(thumb.data, {
        ...(options.filename === undefined ? {} : { filename: options.filename }),
        contentType: `image/${thumb.format.toLowerCase()}`,
        metadata: { format: thumb.format, width: thumb.width, height: thumb.height, thumbnail: true },
      });
      thumbId = proxy.id;
    }
    try {
      await super.put(image.data, {
        ...options,
        contentType,
        metadata: {
          ...options.metadata,
          format: image.format,
          width: image.width,
          height: image.height,
          ...(thumbId === undefined ? {} : { thumbnailId: thumbId }),
        },
      });
    } catch (error) {
      if (thumbId !== undefined)
        await this.sibling(thumbId)
          .delete()
          .catch(() => undefined);
      throw error;
    }
    return this;
  }

  /**
   * Stores a new image, then deletes the old image and its thumbnail at once. Save the document
   * afterwards.
   *
   * @example
   * declare const profile: { avatar: ImageGridFsProxy; save(): Promise<unknown> };
   * await profile.avatar.replace(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'));
   * await profile.save();
   */
  override async replace(data: GridFSData, options: GridFSPutOptions = {}): Promise<this> {
    const oldThumb = await this.storedThumbnailId();
    await super.replace(data, options);
    if (oldThumb !== undefined) await this.sibling(oldThumb).delete();
    return this;
  }

  /**
   * Deletes the image and its thumbnail, and empties the proxy. Save the document afterwards.
   *
   * @example
   * declare const avatar: ImageGridFsProxy;
   * await avatar.delete(); // the image and its thumbnail
   */
  override async delete(): Promise<void> {
    const thumb = await this.storedThumbnailId();
    await super.delete();
    if (thumb !== undefined) await this.sibling(thumb).delete();
  }

  /** `ImageGridFsProxy(<id>)`, or `ImageGridFsProxy(empty)`. */
  override toString(): string {
    return `ImageGridFsProxy(${this.id?.toHexString() ?? 'empty'})`;
  }

  /** The thumbnail id of the attached file, loading its metadata if needed (a missing file has none). */
  private async storedThumbnailId(): Promise<ObjectId | undefined> {
    if (this.id === undefined) return undefined;
    if (this.metadata === undefined) {
      try {
        await this.load();
      } catch (error) {
        if (error instanceof GridFSError) return undefined;
        throw error;
      }
    }
    return this.thumbnailId;
  }

  /** A plain proxy on another file of the same bucket and connection, not bound to the document. */
  private sibling(id: ObjectId | undefined): GridFSProxy {
    return new GridFSProxy({ collectionName: this.collectionName, dbAlias: this.alias() }, id);
  }

  private describeImage(): string {
    const path = this.#ctx?.path;
    const owner = this.#ctx?.sink?.constructor.name;
    return path ? `ImageField '${owner ? `${owner}.` : ''}${path}'` : 'ImageField';
  }
}
