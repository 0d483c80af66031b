import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from '../../../src/errors/usage-errors.js';
import { FileField } from '../../../src/gridfs/file-field.js';
import { GridFSError, GridFSProxy } from '../../../src/gridfs/grid-fs-proxy.js';

const settings = { collectionName: 'fs' };

describe('FileField', () => {
  it('defaults to a fresh empty proxy of its bucket', () => {
    const f = new FileField({ collectionName: 'docs' }).bind('file', 'Report');
    const a = f.getDefault();
    const b = f.getDefault();
    expect(f.hasDefault).toBe(true);
    expect(a).toBeInstanceOf(GridFSProxy);
    expect(a).not.toBe(b);
    expect(a.id).toBeUndefined();
    expect(a.collectionName).toBe('docs');
    expect(new FileField().getDefault().collectionName).toBe('fs');
  });

  it('stores the file id, and loads an id as a proxy', () => {
    const f = new FileField().bind('file', 'Report');
    const id = new ObjectId();
    expect(f.toMongo(new GridFSProxy(settings, id))).toBe(id);
    expect(f.toMongo(f.getDefault())).toBeUndefined();
    const loaded = f.toJs(id, { path: 'file' });
    expect(loaded).toBeInstanceOf(GridFSProxy);
    expect((loaded as GridFSProxy).id).toBe(id);
    const cast = f.cast(id);
    expect((cast as GridFSProxy).id).toBe(id);
  });

  it('required: an empty proxy is missing, one with a file is not', () => {
    const f = new FileField({ required: true }).bind('file', 'Report');
    expect(f.checkRequired(f.getDefault(), 'file')?.code).toBe('required');
    expect(f.checkRequired(undefined, 'file')?.code).toBe('required');
    expect(f.checkRequired(new GridFSProxy(settings, new ObjectId()), 'file')).toBeUndefined();
    expect(new FileField().bind('f', 'R').checkRequired(undefined, 'f')).toBeUndefined();
  });

  it('validates the value type', () => {
    const f = new FileField().bind('file', 'Report');
    expect(f.validate('not a file', 'file')[0]?.code).toBe('type');
    expect(f.validate(f.getDefault(), 'file')).toEqual([]);
  });

  it('casts query values to the file id and rejects other shapes', () => {
    const f = new FileField().bind('file', 'Report');
    const id = new ObjectId();
    expect(f.prepareQueryValue(undefined, new GridFSProxy(settings, id))).toBe(id);
    expect(f.prepareQueryValue('in', [id])).toEqual([id]);
    expect(() => f.prepareQueryValue(undefined, 'abc')).toThrow(InvalidQueryError);
    expect(() => f.prepareQueryValue(undefined, { $ne: null })).toThrow(InvalidQueryError);
  });
});

describe('GridFSProxy', () => {
  it('compares by file id and bucket', () => {
    const id = new ObjectId();
    const a = new GridFSProxy(settings, id);
    expect(a.equals(new GridFSProxy(settings, new ObjectId(id.toHexString())))).toBe(true);
    expect(a.equals(id)).toBe(true);
    expect(a.equals(new GridFSProxy(settings, new ObjectId()))).toBe(false);
    expect(a.equals(new GridFSProxy({ collectionName: 'other' }, id))).toBe(false);
    expect(new GridFSProxy(settings).equals(new GridFSProxy(settings))).toBe(true);
    expect(new GridFSProxy(settings).equals(a)).toBe(false);
    expect(String(a)).toBe(`GridFSProxy(${id.toHexString()})`);
  });

  it('an empty proxy refuses to read or stream, naming the field', async () => {
    const p = new GridFSProxy(settings, undefined, { path: 'scan' });
    expect(() => p.stream()).toThrow(GridFSError);
    await expect(p.read()).rejects.toThrow(/File field 'scan'.*no file is attached/);
    await expect(p.load()).rejects.toThrow(GridFSError);
  });

  it('delete on an empty proxy is a no-op; metadata getters are empty before load', async () => {
    const p = new GridFSProxy(settings);
    await p.delete();
    expect(p.id).toBeUndefined();
    expect(p.length).toBeUndefined();
    expect(p.filename).toBeUndefined();
    expect(p.uploadDate).toBeUndefined();
  });
});
