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
} from '../../src/index.js';
import { StringField } from '../../src/fields/string-field.js';
import { freshDbName, uriFor } from '../helpers.js';

class Invoice extends Document.define(
  { no: new StringField(), pdf: new FileField({ collectionName: 'invoices' }) },
  { collection: 'ge_invoices' },
) {}

beforeAll(async () => {
  await connect(uriFor(freshDbName('gridfs_errors')));
});
afterAll(() => disconnectAll());
beforeEach(async () => {
  for (const c of ['ge_invoices', 'invoices.files', 'invoices.chunks'])
    await getDb().collection(c).deleteMany({});
});

async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let n = 0;
  for await (const piece of stream) n += (piece as Buffer).length;
  return n;
}

describe('a missing GridFS file', () => {
  it('stream() fails with a GridFSError naming the field and the file id (driver error as cause)', async () => {
    const id = new ObjectId();
    await getDb().collection('ge_invoices').insertOne({ no: 'x', pdf: id });
    const invoice = await Invoice.objects().get({ no: 'x' });
    const err = await drain(invoice.pdf.stream()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GridFSError);
    expect((err as Error).message).toContain(`'Invoice.pdf'`);
    expect((err as Error).message).toContain(id.toHexString());
    expect((err as Error).message).toContain(`'invoices.files'`);
    expect(String((err as Error).cause)).toMatch(/FileNotFound/);
  });

  it('read() and load() fail the same way; delete() of a gone file is not an error', async () => {
    const id = new ObjectId();
    await getDb().collection('ge_invoices').insertOne({ no: 'y', pdf: id });
    const invoice = await Invoice.objects().get({ no: 'y' });
    await expect(invoice.pdf.read()).rejects.toThrow(new RegExp(`Invoice\\.pdf.*${id.toHexString()}`));
    await expect(invoice.pdf.load()).rejects.toThrow(GridFSError);
    await invoice.pdf.delete();
    expect(invoice.pdf.id).toBeUndefined();
  });

  it('an existing file still streams through the wrapper, and stopping early is fine', async () => {
    const invoice = new Invoice({ no: 'z' });
    await invoice.pdf.put(Buffer.alloc(600 * 1024, 7), { chunkSizeBytes: 64 * 1024 });
    await invoice.save();
    expect(await drain(invoice.pdf.stream())).toBe(600 * 1024);
    for await (const piece of invoice.pdf.stream()) {
      expect((piece as Buffer).length).toBeGreaterThan(0);
      break;
    }
  });
});

describe('wrong input', () => {
  it('put() of a wrong type is a GridFSError saying what it takes; nothing is written', async () => {
    const invoice = new Invoice({ no: 'w' });
    for (const bad of [42, { a: 1 }, null, [1, 2]]) {
      await expect(invoice.pdf.put(bad as never)).rejects.toThrow(
        /Cannot put into File field 'Invoice\.pdf': expected a Buffer, Uint8Array, string or Readable/,
      );
    }
    expect(invoice.pdf.id).toBeUndefined();
    expect(await getDb().collection('invoices.files').countDocuments()).toBe(0);
  });

  it('assigning something that is not a file is a ValidationError on the field', async () => {
    const invoice = new Invoice({ no: 'v', pdf: 'not-a-file' as never });
    const err = await invoice.save().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'pdf', code: 'type' });
    expect(await getDb().collection('ge_invoices').countDocuments()).toBe(0);
  });
});
