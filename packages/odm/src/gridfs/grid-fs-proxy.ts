/**
 * The value a {@link FileField} holds: a handle on one GridFS file (or none yet), with the
 * operations that write and read it through the driver's `GridFSBucket`.
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, ObjectId, type Db } from 'mongodb';
import { getDb } from '../connection/index.js';
import { sessionOptions } from '../context/operation-options.js';
import { classInfo } from '../document/class-info.js';
import type { ClassRef } from '../document/class-ref.js';
import { resolveTarget } from '../document/collection.js';
import { STATE, type DocState } from '../document/state.js';
import { OperationError } from '../errors/operation-error.js';
import type { FieldContext } from '../fields/tracked.js';
import { describeValue } from '../util/describe-value.js';

/**
 * A GridFS file operation failed: no file attached, the stored file is missing, or a file is
 * already attached where `put` expects none.
 *
 * @example
 * try { await doc.attachment.read(); } catch (e) { if (e instanceof GridFSError) console.log(e.message); }
 */
export class GridFSError extends OperationError {}

/** What {@link GridFSProxy.put} and {@link GridFSProxy.replace} accept. */
export type GridFSData = Buffer | Uint8Array | string | Readable;

/** Options of {@link GridFSProxy.put}. */
export interface GridFSPutOptions {
  /** Stored as `filename` in the files collection (empty string when not given). */
  readonly filename?: string;
  /** Stored as `contentType` in the files collection. */
  readonly contentType?: string;
  /** Stored as `metadata` in the files collection. */
  readonly metadata?: Record<string, unknown>;
  /** Chunk size for this file (the driver's default is 255 KiB). */
  readonly chunkSizeBytes?: number;
}

/** Settings a proxy takes from its field. */
export interface GridFSProxySettings {
  /** Bucket name: files go to `<name>.files` / `<name>.chunks`. */
  readonly collectionName: string;
  /** Connection alias; when unset, the owning document's alias (else `'default'`). */
  readonly dbAlias?: string | undefined;
  /** Compute an MD5 of the data while uploading and store it as `md5`. */
  readonly md5?: boolean | undefined;
}

/** The stored file document (`<bucket>.files`). */
export interface GridFSFileInfo {
  /** The file id, which the owning document stores. */
  readonly _id: ObjectId;
  /** Size of the data in bytes. */
  readonly length: number;
  /** Size of each chunk in bytes (the last one may be shorter). */
  readonly chunkSize: number;
  /** The file name given to `put` (may be empty). */
  readonly filename: string;
  /** When the upload finished. */
  readonly uploadDate: Date;
  /** The `metadata` object given to `put`, if any. */
  readonly metadata?: Record<string, unknown> | undefined;
  /** The content type given to `put`, if any. */
  readonly contentType?: string | undefined;
  /** Hex MD5 of the data, when the field was declared with `md5: true`. */
  readonly md5?: string | undefined;
}

interface StatefulDoc {
  readonly [STATE]: DocState;
}

function isStateful(value: unknown): value is StatefulDoc {
  return typeof value === 'object' && value !== null && STATE in value;
}

function isGridFSData(data: unknown): data is GridFSData {
  return typeof data === 'string' || data instanceof Uint8Array || data instanceof Readable;
}

function toBuffer(data: Buffer | Uint8Array | string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A GridFS file attached to a document (MongoEngine's `GridFSProxy`). `id` is the file's `_id`,
 * what the document stores; metadata getters are filled by `put`, `load` and `read`.
 *
 * @example
 * await report.attachment.put(Buffer.from('%PDF…'), { filename: 'q3.pdf', contentType: 'application/pdf' });
 * await report.save(); // stores { attachment: ObjectId(…) }
 * const bytes = await report.attachment.read();
 */
export class GridFSProxy {
  /** Bucket, alias and MD5 settings taken from the field. */
  readonly settings: GridFSProxySettings;
  #id: ObjectId | undefined;
  #file: GridFSFileInfo | undefined;
  #ctx: FieldContext | undefined;

  constructor(settings: GridFSProxySettings, id?: ObjectId, ctx?: FieldContext) {
    this.settings = settings;
    this.#id = id;
    this.#ctx = ctx;
  }

  /** The GridFS file id (`undefined` when no file is attached). */
  get id(): ObjectId | undefined {
    return this.#id;
  }

  /** Bucket name (`fs` by default). */
  get collectionName(): string {
    return this.settings.collectionName;
  }

  /** Size in bytes (after `put`, `load` or `read`). */
  get length(): number | undefined {
    return this.#file?.length;
  }

  /** Stored file name (after `put`, `load` or `read`). */
  get filename(): string | undefined {
    return this.#file?.filename;
  }

  /** Stored content type (after `put`, `load` or `read`). */
  get contentType(): string | undefined {
    return this.#file?.contentType;
  }

  /** Upload date (after `put`, `load` or `read`). */
  get uploadDate(): Date | undefined {
    return this.#file?.uploadDate;
  }

  /** Stored `metadata` object (after `put`, `load` or `read`). */
  get metadata(): Record<string, unknown> | undefined {
    return this.#file?.metadata;
  }

  /** Hex MD5 of the data, when the field was declared with `md5: true` (after `put`, `load` or `read`). */
  get md5(): string | undefined {
    return this.#file?.md5;
  }

  /** Binds the proxy to the document attribute holding it (so `put`/`delete` mark it changed). */
  _bind(ctx: FieldContext): this {
    this.#ctx = ctx;
    return this;
  }

  /**
   * Same file (same id and bucket), or the same file id.
   *
   * @example
   * doc.attachment.equals(report.attachment);
   */
  equals(other: unknown): boolean {
    if (other instanceof GridFSProxy) {
      if (other.collectionName !== this.collectionName) return false;
      return this.#id === undefined
        ? other.#id === undefined
        : other.#id !== undefined && this.#id.equals(other.#id);
    }
    return other instanceof ObjectId && this.#id !== undefined && this.#id.equals(other);
  }

  /**
   * Uploads a file and attaches it. A `Readable` is streamed chunk by chunk, never held whole.
   * Save the document afterwards to store the id.
   *
   * @throws {GridFSError} when a file is already attached (use `replace` or `delete` first).
   * @example
   * import { createReadStream } from 'node:fs';
   * await doc.attachment.put(createReadStream('big.bin'), { filename: 'big.bin' });
   */
  async put(data: GridFSData, options: GridFSPutOptions = {}): Promise<this> {
    if (this.#id !== undefined) {
      throw new GridFSError(
        `${this.describe()} already has file ${this.#id.toHexString()}; call replace() to overwrite it or delete() first.`,
      );
    }
    if (!isGridFSData(data)) {
      throw new GridFSError(
        `Cannot put into ${this.describe()}: expected a Buffer, Uint8Array, string or Readable, got ${describeValue(data)}.`,
      );
    }
    const bucket = this.bucket();
    const upload = bucket.openUploadStream(options.filename ?? '', {
      ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      ...(options.chunkSizeBytes === undefined ? {} : { chunkSizeBytes: options.chunkSizeBytes }),
    });
    const source = data instanceof Readable ? data : Readable.from([toBuffer(data)]);
    const hash = this.settings.md5 === true ? createHash('md5') : undefined;
    try {
      if (hash) {
        const tap = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        await pipeline(source, tap, upload);
      } else {
        await pipeline(source, upload);
      }
    } catch (error) {
      // Chunks written before the failure would otherwise stay behind with no files document.
      await this.#deleteFile(upload.id).catch(() => undefined);
      throw error;
    }
    const extra: { contentType?: string; md5?: string } = {};
    if (options.contentType !== undefined) extra.contentType = options.contentType;
    if (hash) extra.md5 = hash.digest('hex');
    if (Object.keys(extra).length > 0) {
      await this.db()
        .collection(`${this.collectionName}.files`)
        .updateOne({ _id: upload.id }, { $set: extra });
    }
    const stored = upload.gridFSFile;
    this.#file = stored ? ({ ...stored, ...extra } as GridFSFileInfo) : undefined;
    this.#setId(upload.id);
    if (!stored) await this.load();
    return this;
  }

  /**
   * Uploads a new file, then deletes the old one at once (not after the next save): save the
   * document afterwards, or its stored id points to a deleted file.
   *
   * @example
   * await doc.attachment.replace('v2', { filename: 'notes.txt' }); await doc.save();
   */
  async replace(data: GridFSData, options: GridFSPutOptions = {}): Promise<this> {
    const old = this.#id;
    const oldFile = this.#file;
    this.#id = undefined;
    try {
      await this.put(data, options);
    } catch (error) {
      this.#id = old;
      this.#file = oldFile;
      throw error;
    }
    if (old !== undefined) await this.#deleteFile(old);
    return this;
  }

  /**
   * Deletes the file (its files document and chunks) and detaches it; a file already gone is
   * not an error. Save the document afterwards to clear the stored id.
   *
   * @example
   * await doc.attachment.delete(); await doc.save();
   */
  async delete(): Promise<void> {
    const id = this.#id;
    if (id === undefined) return;
    await this.#deleteFile(id);
    this.#file = undefined;
    this.#setId(undefined);
  }

  /**
   * Reads the files document (metadata getters are filled); resolves to it.
   *
   * @throws {GridFSError} when no file is attached or the stored file is missing.
   * @example
   * const info = await doc.attachment.load(); info.length;
   */
  async load(): Promise<GridFSFileInfo> {
    const id = this.requireId('load');
    const alias = this.alias();
    const file = await getDb(alias)
      .collection<GridFSFileInfo>(`${this.collectionName}.files`)
      .findOne({ _id: id }, sessionOptions(alias));
    if (file === null) throw this.missing(id);
    this.#file = file;
    return file;
  }

  /**
   * The whole file as a Buffer (loads the metadata too). For large files prefer {@link stream}.
   *
   * @throws {GridFSError} when no file is attached or the stored file is missing.
   * @example
   * const text = (await doc.attachment.read()).toString('utf8');
   */
  async read(): Promise<Buffer> {
    await this.load();
    const parts: Buffer[] = [];
    for await (const chunk of this.stream()) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  /**
   * A readable stream of the file's bytes, read chunk by chunk from the driver's GridFS download
   * stream. A stored file that is missing is reported as an `error` event carrying a
   * {@link GridFSError} that names the field and the file id (the driver's error is its `cause`).
   *
   * @throws {GridFSError} when no file is attached.
   * @example
   * import { createWriteStream } from 'node:fs';
   * import { pipeline } from 'node:stream/promises';
   * await pipeline(doc.attachment.stream(), createWriteStream('copy.bin'));
   */
  stream(): Readable {
    const id = this.requireId('stream');
    const download = this.bucket().openDownloadStream(id);
    const out = new PassThrough();
    download.on('error', (error: Error) => {
      out.destroy(/FileNotFound/.test(error.message) ? this.missing(id, error) : error);
    });
    // A consumer that stops early (break in for await) must not leave the cursor open.
    out.on('close', () => {
      if (!download.destroyed) download.destroy();
    });
    download.pipe(out);
    return out;
  }

  /** The file id, for the document's stored form. */
  toMongo(): ObjectId | undefined {
    return this.#id;
  }

  /** `GridFSProxy(<id>)`, or `GridFSProxy(empty)`. */
  toString(): string {
    return `GridFSProxy(${this.#id?.toHexString() ?? 'empty'})`;
  }

  /** The driver bucket this proxy reads and writes. */
  bucket(): GridFSBucket {
    return new GridFSBucket(this.db(), { bucketName: this.collectionName });
  }

  /** The database of the owning document's alias (or the field's `dbAlias`, else `'default'`). */
  db(): Db {
    return getDb(this.alias());
  }

  /** The connection alias the bucket uses (subclasses open sibling files with it). */
  protected alias(): string {
    if (this.settings.dbAlias !== undefined) return this.settings.dbAlias;
    // Walk up from an embedded document to the document that has a collection.
    let owner: unknown = this.#ctx?.sink;
    while (isStateful(owner) && owner[STATE].parent !== undefined) owner = owner[STATE].parent.sink;
    if (isStateful(owner)) {
      const info = classInfo(owner.constructor as ClassRef);
      if (info.collection !== undefined) return resolveTarget(info, owner[STATE].target).alias;
    }
    return 'default';
  }

  /**
   * What `GridFSBucket.delete` does (files document, then chunks), written here because the
   * bucket takes no session: inside `runInTransaction` the removal commits or aborts with it.
   * A file already gone is not an error.
   */
  async #deleteFile(id: ObjectId): Promise<void> {
    const alias = this.alias();
    const db = getDb(alias);
    const opts = sessionOptions(alias);
    await db.collection(`${this.collectionName}.files`).deleteOne({ _id: id }, opts);
    await db.collection(`${this.collectionName}.chunks`).deleteMany({ files_id: id }, opts);
  }

  #setId(id: ObjectId | undefined): void {
    this.#id = id;
    const ctx = this.#ctx;
    if (ctx?.sink) ctx.sink.markChanged(ctx.path);
  }

  private requireId(action: string): ObjectId {
    if (this.#id === undefined) {
      throw new GridFSError(`Cannot ${action} ${this.describe()}: no file is attached (put() one first).`);
    }
    return this.#id;
  }

  private missing(id: ObjectId, cause?: unknown): GridFSError {
    return new GridFSError(
      `${this.describe()} refers to GridFS file ${id.toHexString()}, which does not exist in '${this.collectionName}.files'.`,
      cause === undefined ? undefined : { cause },
    );
  }

  private describe(): string {
    const path = this.#ctx?.path;
    const owner = this.#ctx?.sink?.constructor.name;
    return path ? `File field '${owner ? `${owner}.` : ''}${path}'` : 'This GridFS proxy';
  }
}
