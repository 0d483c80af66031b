import { Readable } from 'node:stream';
import { ObjectId } from 'mongodb';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  FileField,
  GridFSError,
  GridFSProxy,
  ImageField,
  ImageGridFsProxy,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { setImageLibraryLoader } from '../../src/gridfs/load-sharp.js';
import { StringField } from '../../src/fields/string-field.js';
import { EmbeddedDocument } from '../../src/document/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Profile extends Document.define(
  {
    name: new StringField(),
    avatar: new ImageField({ size: { width: 400, height: 300 }, thumbnailSize: { width: 50, height: 50 } }),
  },
  { collection: 'profiles' },
) {}

class Banner extends Document.define(
  {
    picture: new ImageField({
      collectionName: 'banners',
      size: { width: 200, height: 100, force: true },
      thumbnailSize: { width: 40, height: 40, force: true },
    }),
  },
  { collection: 'banner_docs' },
) {}

class Plain extends Document.define(
  { picture: new ImageField({ maxBytes: 200_000 }), doc: new FileField() },
  { collection: 'plain_images' },
) {}

class Gallery extends EmbeddedDocument.define({
  cover: new ImageField({ thumbnailSize: { width: 8, height: 8 } }),
}) {}
class Album extends Document.define(
  { title: new StringField(), gallery: new EmbeddedDocumentField(Gallery) },
  { collection: 'albums', dbAlias: 'images_other' },
) {}

const files = (bucket = 'images') => getDb().collection(`${bucket}.files`);
const chunks = (bucket = 'images') => getDb().collection(`${bucket}.chunks`);

function png(width: number, height: number, background = 'red'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
}

function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: 'blue' } })
    .jpeg()
    .toBuffer();
}

async function dims(data: Buffer): Promise<[number | undefined, number | undefined, string | undefined]> {
  const m = await sharp(data).metadata();
  return [m.width, m.height, m.format];
}

beforeAll(async () => {
  await connect(uriFor(freshDbName('images')));
  await connect(uriFor(freshDbName('images_other')), { alias: 'images_other' });
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  for (const name of ['images.files', 'images.chunks', 'banners.files', 'banners.chunks']) {
    await getDb().collection(name).deleteMany({});
  }
});
afterEach(() => setImageLibraryLoader(undefined));

describe('ImageField put', () => {
  it('records the format and size of an image within `size`, keeping its bytes', async () => {
    const bytes = await png(120, 80);
    const p = new Profile({ name: 'ada' });
    expect(p.avatar).toBeInstanceOf(ImageGridFsProxy);
    await p.avatar.put(bytes, { filename: 'ada.png' });
    expect(p.avatar.format).toBe('PNG');
    expect(await p.avatar.size()).toEqual({ width: 120, height: 80 });
    expect(p.avatar.contentType).toBe('image/png');
    await p.save();

    const loaded = await Profile.objects().get({ name: 'ada' });
    expect(loaded.avatar).toBeInstanceOf(ImageGridFsProxy);
    expect(loaded.avatar.format).toBeUndefined(); // not loaded yet
    expect(await loaded.avatar.size()).toEqual({ width: 120, height: 80 });
    expect(loaded.avatar.format).toBe('PNG');
    expect((await loaded.avatar.read()).equals(bytes)).toBe(true);
    const stored = await files().findOne({ _id: loaded.avatar.id });
    expect(stored?.metadata).toMatchObject({ format: 'PNG', width: 120, height: 80 });
    expect(stored?.filename).toBe('ada.png');
  });

  it('shrinks a larger image to fit `size`, keeping the aspect ratio', async () => {
    const p = new Profile({ name: 'big' });
    await p.avatar.put(await png(800, 600));
    expect(await p.avatar.size()).toEqual({ width: 400, height: 300 });
    expect(await dims(await p.avatar.read())).toEqual([400, 300, 'png']);

    const tall = new Profile({ name: 'tall' });
    await tall.avatar.put(await jpeg(300, 900));
    expect(tall.avatar.format).toBe('JPEG');
    expect(await dims(await tall.avatar.read())).toEqual([100, 300, 'jpeg']);
    expect(tall.avatar.contentType).toBe('image/jpeg');
  });

  it('with force gives exactly `size`, cropping (and enlarging) as ImageOps.fit does', async () => {
    const b = new Banner();
    await b.picture.put(await png(800, 800));
    expect(await b.picture.size()).toEqual({ width: 200, height: 100 });
    expect(await dims(await b.picture.read())).toEqual([200, 100, 'png']);

    const small = new Banner();
    await small.picture.put(await jpeg(20, 20));
    expect(await dims(await small.picture.read())).toEqual([200, 100, 'jpeg']);
  });

  it('buffers a Readable and stores the image', async () => {
    const bytes = await png(64, 32);
    const p = new Plain();
    await p.picture.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
    expect(await p.picture.size()).toEqual({ width: 64, height: 32 });
    expect(p.picture.collectionName).toBe('images');
    expect(p.picture.thumbnailId).toBeUndefined();
    expect(await p.picture.thumbnail()).toBeUndefined();
  });

  it('refuses a stream (or buffer) over maxBytes with a clear error and stores nothing', async () => {
    const p = new Plain();
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 10; i++) yield Buffer.alloc(50_000);
      })(),
    );
    await expect(p.picture.put(big)).rejects.toThrow(
      /ImageField 'Plain.picture'.*larger than maxBytes \(200000 bytes\)/,
    );
    await expect(p.picture.put(Buffer.alloc(200_001))).rejects.toThrow(GridFSError);
    expect(p.picture.id).toBeUndefined();
    expect(await files().countDocuments()).toBe(0);
  });

  it('rejects data that is not an image, naming the field, and stores nothing', async () => {
    const p = new Profile({ name: 'bad' });
    const attempt = p.avatar.put(Buffer.from('definitely not an image'));
    await expect(attempt).rejects.toThrow(GridFSError);
    await expect(p.avatar.put(Buffer.from('nope'))).rejects.toThrow(
      /ImageField 'Profile.avatar' cannot store this data: it is not an image/,
    );
    // A PNG cut short: the header reads, the pixels do not (decoded while resizing).
    const truncated = (await png(800, 600)).subarray(0, 60);
    await expect(p.avatar.put(truncated)).rejects.toThrow(/not an image/);
    expect(p.avatar.id).toBeUndefined();
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
  });

  it('still refuses a second put like FileField does', async () => {
    const p = new Plain();
    await p.picture.put(await png(10, 10));
    await expect(p.picture.put(await png(10, 10))).rejects.toThrow(/already has file/);
  });
});

describe('ImageField thumbnails', () => {
  it('stores a thumbnail as a second file of the bucket and exposes it', async () => {
    const p = new Profile({ name: 'thumb' });
    await p.avatar.put(await png(800, 600), { filename: 'pic.png' });
    await p.save();
    expect(await files().countDocuments()).toBe(2);
    const thumbId = p.avatar.thumbnailId;
    expect(thumbId).toBeInstanceOf(ObjectId);
    const thumbFile = await files().findOne({ _id: thumbId });
    expect(thumbFile?.metadata).toMatchObject({ format: 'PNG', width: 50, height: 38, thumbnail: true });

    const loaded = await Profile.objects().get({ name: 'thumb' });
    const thumb = await loaded.avatar.thumbnail();
    expect(thumb).toBeInstanceOf(GridFSProxy);
    expect(thumb?.id?.equals(thumbId!)).toBe(true);
    expect(await dims(await thumb!.read())).toEqual([50, 38, 'png']);
  });

  it('with force makes the thumbnail exactly thumbnailSize', async () => {
    const b = new Banner();
    await b.picture.put(await png(300, 900));
    const thumb = await b.picture.thumbnail();
    expect(await dims(await thumb!.read())).toEqual([40, 40, 'png']);
    expect(await files('banners').countDocuments()).toBe(2);
  });

  it('deletes the thumbnail with the document', async () => {
    const p = new Profile({ name: 'gone' });
    await p.avatar.put(await png(100, 100));
    await p.save();
    expect(await files().countDocuments()).toBe(2);
    const loaded = await Profile.objects().get({ name: 'gone' });
    await loaded.delete();
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
  });

  it('QuerySet.delete() removes every image and thumbnail', async () => {
    for (const name of ['q1', 'q2']) {
      const p = new Profile({ name });
      await p.avatar.put(await png(60, 60));
      await p.save();
    }
    await new Profile({ name: 'none' }).save();
    expect(await files().countDocuments()).toBe(4);
    await Profile.objects({ name__in: ['q1', 'q2', 'none'] }).delete();
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
  });

  it('a document saved without an image loads with an empty image proxy', async () => {
    await new Profile({ name: 'empty' }).save();
    const loaded = await Profile.objects().get({ name: 'empty' });
    expect(loaded.avatar).toBeInstanceOf(ImageGridFsProxy);
    expect(loaded.avatar.id).toBeUndefined();
    expect(await loaded.avatar.thumbnail()).toBeUndefined();
    await expect(loaded.avatar.size()).rejects.toThrow(/no file is attached/);
  });

  it('deletes the thumbnail with proxy.delete()', async () => {
    const p = new Profile({ name: 'del' });
    await p.avatar.put(await png(100, 100));
    await p.avatar.delete();
    expect(p.avatar.id).toBeUndefined();
    expect(await files().countDocuments()).toBe(0);
  });

  it('replaces image and thumbnail together (also when the metadata was not loaded)', async () => {
    const p = new Profile({ name: 'swap' });
    await p.avatar.put(await png(100, 100));
    await p.save();
    const [oldId, oldThumb] = [p.avatar.id!, p.avatar.thumbnailId!];

    const loaded = await Profile.objects().get({ name: 'swap' });
    await loaded.avatar.replace(await jpeg(60, 30));
    await loaded.save();
    expect(await files().countDocuments()).toBe(2);
    expect(await files().countDocuments({ _id: { $in: [oldId, oldThumb] } })).toBe(0);
    expect(loaded.avatar.format).toBe('JPEG');
    const thumb = await loaded.avatar.thumbnail();
    expect(await dims(await thumb!.read())).toEqual([50, 25, 'jpeg']);
    const again = await Profile.objects().get({ name: 'swap' });
    expect(again.avatar.id?.equals(loaded.avatar.id!)).toBe(true);
  });

  it('a failed replace keeps the old image and thumbnail', async () => {
    const p = new Profile({ name: 'keep' });
    await p.avatar.put(await png(100, 100));
    const id = p.avatar.id;
    await expect(p.avatar.replace(Buffer.from('garbage'))).rejects.toThrow(/not an image/);
    expect(p.avatar.id).toBe(id);
    expect(await files().countDocuments()).toBe(2);
  });
});

describe('ImageField in an embedded document of another alias', () => {
  it("stores and deletes the image and thumbnail in the owner's database", async () => {
    const other = () => getDb('images_other').collection('images.files');
    const album = new Album({ title: 'trip', gallery: new Gallery() });
    await album.gallery!.cover.put(await png(32, 32));
    await album.save();
    expect(await other().countDocuments()).toBe(2);
    expect(await files().countDocuments()).toBe(0);
    const loaded = await Album.objects().get({ title: 'trip' });
    expect(await dims(await (await loaded.gallery!.cover.thumbnail())!.read())).toEqual([8, 8, 'png']);
    // As for FileField (and MongoEngine), doc.delete() cleans top-level fields only: delete it here.
    await loaded.gallery!.cover.delete();
    expect(await other().countDocuments()).toBe(0);
    await loaded.delete();
  });
});

describe('ImageField without sharp', () => {
  it('says how to install it, and stores nothing', async () => {
    setImageLibraryLoader(() =>
      Promise.reject(
        Object.assign(new Error("Cannot find package 'sharp'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      ),
    );
    const p = new Profile({ name: 'nosharp' });
    await expect(p.avatar.put(await png(10, 10))).rejects.toThrow(
      "ImageField 'Profile.avatar' needs the optional dependency sharp: npm install sharp",
    );
    expect(await files().countDocuments()).toBe(0);
  });

  it('reports another load failure with its reason, then retries the import', async () => {
    setImageLibraryLoader(() => Promise.reject(new Error('libvips mismatch')));
    const p = new Plain();
    await expect(p.picture.put(await png(10, 10))).rejects.toThrow(
      "ImageField 'Plain.picture' could not load the optional dependency sharp: libvips mismatch",
    );
    setImageLibraryLoader(() => import('sharp'));
    await p.picture.put(await png(10, 10));
    expect(p.picture.format).toBe('PNG');
  });

  it('documents without images never load sharp', async () => {
    let calls = 0;
    setImageLibraryLoader(() => {
      calls += 1;
      return import('sharp');
    });
    const p = new Plain();
    await p.doc.put('text');
    await p.save();
    const loaded = await Plain.objects().first();
    expect(loaded?.doc.id?.equals(p.doc.id!)).toBe(true);
    await loaded!.delete();
    expect(calls).toBe(0);
  });
});

describe('ImageField declaration', () => {
  it('rejects a malformed size', () => {
    expect(() => new ImageField({ size: { width: 0, height: 10 } })).toThrow(
      /positive integer width and height/,
    );
    expect(() => new ImageField({ maxBytes: -1 })).toThrow(/maxBytes/);
  });

  it('accepts a stored id', async () => {
    const p = new Profile({ name: 'byid' });
    await p.avatar.put(await png(20, 20));
    const q = new Profile({ name: 'copy', avatar: p.avatar.id! });
    expect(q.avatar).toBeInstanceOf(ImageGridFsProxy);
    expect(await q.avatar.size()).toEqual({ width: 20, height: 20 });
  });
});
