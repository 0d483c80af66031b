import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeThumbnail, NotAnImage, prepareImage } from '../../../src/gridfs/image-process.js';
import type { SharpFactory } from '../../../src/gridfs/load-sharp.js';

const factory = sharp as unknown as SharpFactory;
const svg = (w: number, h: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="green"/></svg>`,
  );
const webp = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 4, background: '#00ff0080' } })
    .webp()
    .toBuffer();

describe('prepareImage', () => {
  it('keeps the original bytes when no resize is needed', async () => {
    const data = await webp(30, 20);
    const img = await prepareImage(factory, data, { width: 30, height: 20 });
    expect(img.data).toBe(data);
    expect(img).toMatchObject({ format: 'WEBP', width: 30, height: 20 });
    expect((await prepareImage(factory, data, undefined)).data).toBe(data);
  });

  it('shrinks to fit without force, keeping the format', async () => {
    const img = await prepareImage(factory, await webp(300, 100), { width: 60, height: 60 });
    expect(img).toMatchObject({ format: 'WEBP', width: 60, height: 20 });
    expect((await sharp(img.data).metadata()).format).toBe('webp');
  });

  it('re-encodes a resized SVG as PNG (sharp cannot write SVG), but stores an unresized SVG as is', async () => {
    expect(await prepareImage(factory, svg(10, 10), { width: 20, height: 20 })).toMatchObject({
      format: 'SVG',
    });
    const img = await prepareImage(factory, svg(100, 50), { width: 20, height: 20 });
    expect(img).toMatchObject({ format: 'PNG', width: 20, height: 10 });
  });

  it('force fills the exact size, enlarging and cropping', async () => {
    const img = await prepareImage(factory, await webp(10, 40), { width: 50, height: 25, force: true });
    expect(img).toMatchObject({ width: 50, height: 25 });
  });

  it('throws NotAnImage for undecodable data', async () => {
    await expect(prepareImage(factory, Buffer.from('hello'), undefined)).rejects.toBeInstanceOf(NotAnImage);
  });
});

describe('makeThumbnail', () => {
  it('never enlarges without force', async () => {
    const img = await prepareImage(factory, await webp(20, 10), undefined);
    const thumb = await makeThumbnail(factory, img, { width: 100, height: 100 });
    expect(thumb).toMatchObject({ format: 'WEBP', width: 20, height: 10 });
  });

  it('with force gives exactly the size', async () => {
    const img = await prepareImage(factory, await webp(20, 10), undefined);
    expect(await makeThumbnail(factory, img, { width: 16, height: 16, force: true })).toMatchObject({
      width: 16,
      height: 16,
    });
  });
});
