import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  FileField,
  GridFSError,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
  queryCounter,
  runInTransaction,
} from '../../src/index.js';
import { EmbeddedDocument } from '../../src/document/index.js';
import { EmbeddedDocumentField } from '../../src/fields/embedded-document-field.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Report extends Document.define(
  { title: new StringField(), attachment: new FileField() },
  { collection: 'reports' },
) {}

class Photo extends Document.define(
  { image: new FileField({ collectionName: 'photos', md5: true }) },
  { collection: 'photo_docs' },
) {}

class Plain extends Document.define({ title: new StringField() }, { collection: 'plain_docs' }) {}

class Contract extends Document.define(
  { scan: new FileField({ required: true }) },
  { collection: 'contracts' },
) {}

const files = (bucket = 'fs') => getDb().collection(`${bucket}.files`);
const chunks = (bucket = 'fs') => getDb().collection(`${bucket}.chunks`);

/** A readable yielding `total` pseudo-random bytes in 64 KiB pieces, hashing what it yields. */
function randomStream(total: number, hash: ReturnType<typeof createHash>): Readable {
  let left = total;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const piece = randomBytes(Math.min(64 * 1024, left));
      left -= piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
}

class Scan extends EmbeddedDocument.define({ file: new FileField({ collectionName: 'scans' }) }) {}
class Folder extends Document.define(
  { name: new StringField(), scan: new EmbeddedDocumentField(Scan) },
  { collection: 'folders', dbAlias: 'gridfs_other' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('gridfs')));
  await connect(uriFor(freshDbName('gridfs_other')), { alias: 'gridfs_other' });
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  for (const name of ['fs.files', 'fs.chunks', 'photos.files', 'photos.chunks', 'reports', 'photo_docs']) {
    await getDb().collection(name).deleteMany({});
  }
});

describe('FileField put / read', () => {
  it('round-trips binary data exactly and stores the file id in the document', async () => {
    const data = Buffer.from([0, 255, 1, 254, 0, 0, 10, 13, 128]);
    const report = new Report({ title: 'q3' });
    expect(report.attachment.id).toBeUndefined();
    await report.attachment.put(data, { filename: 'q3.bin' });
    expect(report.attachment.id).toBeInstanceOf(ObjectId);
    await report.save();

    const stored = await getDb()
      .collection('reports')
      .findOne({ _id: report.pk as ObjectId });
    expect(stored?.['attachment']).toEqual(report.attachment.id);

    const loaded = await Report.objects().get({ pk: report.pk });
    expect(loaded.attachment.equals(report.attachment)).toBe(true);
    const back = await loaded.attachment.read();
    expect(Buffer.compare(back, data)).toBe(0);
    expect(loaded.attachment.length).toBe(data.length);
    expect(loaded.attachment.filename).toBe('q3.bin');
  });

  it('accepts strings and Uint8Array views', async () => {
    const r = new Report();
    await r.attachment.put('héllo', { filename: 'a.txt' });
    expect((await r.attachment.read()).toString('utf8')).toBe('héllo');
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    const r2 = new Report();
    await r2.attachment.put(view);
    expect([...(await r2.attachment.read())]).toEqual([1, 2, 3]);
  });

  it('streams a 5 MiB Readable in and out (sha256 equal, several chunks)', async () => {
    const inHash = createHash('sha256');
    const size = 5 * 1024 * 1024;
    const r = new Report();
    await r.attachment.put(randomStream(size, inHash), { filename: 'big.bin' });
    await r.save();
    expect(r.attachment.length).toBe(size);
    expect(await chunks().countDocuments({ files_id: r.attachment.id })).toBe(Math.ceil(size / (255 * 1024)));

    const loaded = await Report.objects().get({ pk: r.pk });
    const outHash = createHash('sha256');
    let bytes = 0;
    for await (const piece of loaded.attachment.stream()) {
      outHash.update(piece as Buffer);
      bytes += (piece as Buffer).length;
    }
    expect(bytes).toBe(size);
    expect(outHash.digest('hex')).toBe(inHash.digest('hex'));
  });

  it('exposes metadata after put and after load', async () => {
    const r = new Report();
    const before = Date.now();
    await r.attachment.put('{"a":1}', {
      filename: 'a.json',
      contentType: 'application/json',
      metadata: { owner: 'ada', n: 2 },
    });
    expect(r.attachment.filename).toBe('a.json');
    expect(r.attachment.contentType).toBe('application/json');
    expect(r.attachment.metadata).toEqual({ owner: 'ada', n: 2 });
    expect(r.attachment.length).toBe(7);
    expect(r.attachment.uploadDate?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(r.attachment.md5).toBeUndefined();
    await r.save();

    const loaded = await Report.objects().get({ pk: r.pk });
    expect(loaded.attachment.contentType).toBeUndefined();
    const info = await loaded.attachment.load();
    expect(info.filename).toBe('a.json');
    expect(loaded.attachment.contentType).toBe('application/json');
    expect(loaded.attachment.metadata).toEqual({ owner: 'ada', n: 2 });
    const raw = await files().findOne({ _id: r.attachment.id! });
    expect(raw?.['contentType']).toBe('application/json');
  });

  it('computes md5 when asked and uses a custom collectionName', async () => {
    const data = randomBytes(1000);
    const p = new Photo();
    await p.image.put(data, { filename: 'p.png' });
    await p.save();
    expect(p.image.md5).toBe(createHash('md5').update(data).digest('hex'));
    expect(await getDb().collection('photos.files').countDocuments()).toBe(1);
    expect(await getDb().collection('photos.chunks').countDocuments()).toBe(1);
    expect(await files().countDocuments()).toBe(0);
    const loaded = await Photo.objects().get({ pk: p.pk });
    expect(Buffer.compare(await loaded.image.read(), data)).toBe(0);
    expect(loaded.image.md5).toBe(p.image.md5);
  });

  it('refuses a second put on a proxy that holds a file', async () => {
    const r = new Report();
    await r.attachment.put('one');
    await expect(r.attachment.put('two')).rejects.toThrow(/already has file/);
    expect(await files().countDocuments()).toBe(1);
  });
});

describe('replace and delete', () => {
  it('replace uploads a new file and deletes the old one at once', async () => {
    const r = new Report();
    await r.attachment.put('old', { filename: 'v1' });
    await r.save();
    const oldId = r.attachment.id!;
    await r.attachment.replace('new', { filename: 'v2' });
    expect(r.attachment.id?.equals(oldId)).toBe(false);
    expect(await files().countDocuments({ _id: oldId })).toBe(0);
    expect(await chunks().countDocuments({ files_id: oldId })).toBe(0);
    await r.save();
    const loaded = await Report.objects().get({ pk: r.pk });
    expect((await loaded.attachment.read()).toString()).toBe('new');
    expect(loaded.attachment.filename).toBe('v2');
  });

  it('delete removes the file and clears the stored id on save', async () => {
    const r = new Report();
    await r.attachment.put('bye');
    await r.save();
    await r.attachment.delete();
    expect(r.attachment.id).toBeUndefined();
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
    await r.save();
    const stored = await getDb()
      .collection('reports')
      .findOne({ _id: r.pk as ObjectId });
    expect(stored?.['attachment']).toBeUndefined();
    const loaded = await Report.objects().get({ pk: r.pk });
    expect(loaded.attachment.id).toBeUndefined();
  });

  it('doc.delete() removes the files and chunks of its FileFields', async () => {
    const keep = new Report();
    await keep.attachment.put(randomBytes(300 * 1024));
    await keep.save();
    const r = new Report();
    await r.attachment.put(randomBytes(600 * 1024));
    await r.save();
    expect(await files().countDocuments()).toBe(2);
    expect(await chunks().countDocuments()).toBe(2 + 3);

    const loaded = await Report.objects().get({ pk: r.pk });
    await loaded.delete();
    expect(await files().countDocuments()).toBe(1);
    expect(await chunks().countDocuments()).toBe(2);
    expect(await chunks().countDocuments({ files_id: keep.attachment.id })).toBe(2);
  });
});

describe('QuerySet and ids', () => {
  it('QuerySet.delete() removes the files of every deleted document', async () => {
    for (const t of ['a', 'b', 'c']) {
      const r = new Report({ title: t });
      await r.attachment.put(t);
      await r.save();
    }
    await Report.objects({ title__in: ['a', 'b'] }).delete();
    expect(await files().countDocuments()).toBe(1);
    expect(await chunks().countDocuments()).toBe(1);
    const left = await Report.objects().get({ title: 'c' });
    expect((await left.attachment.read()).toString()).toBe('c');
  });

  it('a class without FileFields keeps QuerySet.delete() a single deleteMany', async () => {
    await Plain.objects().insert([new Plain({ title: 'a' }), new Plain({ title: 'b' })]);
    const { count, commands } = await queryCounter(() => Plain.objects().delete());
    expect(commands.map((c) => c.name)).toEqual(['delete']);
    expect(count).toBe(1);
    expect(await Plain.objects().count()).toBe(0);
  });

  it('a document built with a file id (or queried by proxy) reads that file', async () => {
    const r = new Report({ title: 'src' });
    await r.attachment.put('shared');
    await r.save();
    const copy = new Report({ title: 'copy', attachment: r.attachment.id! });
    await copy.save();
    expect((await copy.attachment.read()).toString()).toBe('shared');
    expect(await Report.objects({ attachment: r.attachment }).count()).toBe(2);
  });
});

describe('more put / replace cases', () => {
  it('a failed replace upload keeps the old file attached', async () => {
    const r = new Report();
    await r.attachment.put('keep me');
    const oldId = r.attachment.id!;
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(r.attachment.replace(failing)).rejects.toThrow('disk gone');
    expect(r.attachment.id?.equals(oldId)).toBe(true);
    expect((await r.attachment.read()).toString()).toBe('keep me');
  });

  it('a stream failing mid-upload leaves no chunks and no file behind', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 600 * 1024) {
          this.destroy(new Error('source broke'));
          return;
        }
        sent += 64 * 1024;
        this.push(randomBytes(64 * 1024));
      },
    });
    const r = new Report();
    await expect(r.attachment.put(failing)).rejects.toThrow('source broke');
    expect(r.attachment.id).toBeUndefined();
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
  });

  it('honours chunkSizeBytes and stores md5 in the files document', async () => {
    const data = randomBytes(10_000);
    const p = new Photo();
    await p.image.put(data, { chunkSizeBytes: 1024 });
    expect(await getDb().collection('photos.chunks').countDocuments({ files_id: p.image.id })).toBe(10);
    const raw = await getDb().collection('photos.files').findOne({ _id: p.image.id! });
    expect(raw?.['md5']).toBe(createHash('md5').update(data).digest('hex'));
    expect(Buffer.compare(await p.image.read(), data)).toBe(0);
  });

  it("a FileField in an embedded document uses the owning document's alias", async () => {
    const f = new Folder({ name: 'f', scan: new Scan() });
    await f.scan!.file.put('embedded bytes', { filename: 'e.txt' });
    await f.save();
    const other = getDb('gridfs_other');
    expect(await other.collection('scans.files').countDocuments()).toBe(1);
    expect(await getDb().collection('scans.files').countDocuments()).toBe(0);
    const stored = await other.collection('folders').findOne({});
    expect((stored?.['scan'] as { file?: unknown } | undefined)?.file).toEqual(f.scan!.file.id);
    const loaded = await Folder.objects().get({ name: 'f' });
    expect((await loaded.scan!.file.read()).toString()).toBe('embedded bytes');
  });
});

describe('inside runInTransaction', () => {
  class Boom extends Error {}

  it('doc.delete() removes its file with the transaction: rolled back on abort, gone on commit', async () => {
    await Report._getCollection();
    const r = new Report({ title: 'txn' });
    await r.attachment.put(randomBytes(300 * 1024));
    await r.save();
    await expect(
      runInTransaction(async () => {
        const loaded = await Report.objects().get({ pk: r.pk });
        await loaded.delete();
        throw new Boom('abort');
      }),
    ).rejects.toThrow(Boom);
    expect(await files().countDocuments()).toBe(1);
    expect(await chunks().countDocuments()).toBe(2);
    expect(await getDb().collection('reports').countDocuments()).toBe(1);

    await runInTransaction(async () => {
      const loaded = await Report.objects().get({ pk: r.pk });
      await loaded.delete();
    });
    expect(await files().countDocuments()).toBe(0);
    expect(await chunks().countDocuments()).toBe(0);
    expect(await getDb().collection('reports').countDocuments()).toBe(0);
  });
});

describe('errors and validation', () => {
  it('an empty proxy reads, streams and loads with a clear error', async () => {
    const r = new Report();
    await expect(r.attachment.read()).rejects.toThrow(GridFSError);
    await expect(r.attachment.read()).rejects.toThrow(
      /Report\.attachment'?: no file is attached|no file is attached/,
    );
    expect(() => r.attachment.stream()).toThrow(GridFSError);
  });

  it('a stored id whose file is gone gives a GridFSError naming the id', async () => {
    const id = new ObjectId();
    await getDb().collection('reports').insertOne({ attachment: id });
    const loaded = await Report.objects().get({ attachment: id });
    await expect(loaded.attachment.read()).rejects.toThrow(new RegExp(id.toHexString()));
  });

  it('a required FileField without a file fails validation; with one it saves', async () => {
    const c = new Contract();
    await expect(c.save()).rejects.toThrow(ValidationError);
    expect(await getDb().collection('contracts').countDocuments()).toBe(0);
    await c.scan.put('signed');
    await c.save();
    expect(await getDb().collection('contracts').countDocuments()).toBe(1);
    await c.delete();
  });

  it('a stored null loads as an empty proxy', async () => {
    await getDb().collection('reports').insertOne({ title: 'n', attachment: null });
    const loaded = await Report.objects().get({ title: 'n' });
    expect(loaded.attachment).toBeDefined();
    expect(loaded.attachment.id).toBeUndefined();
  });
});
