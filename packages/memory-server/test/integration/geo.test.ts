import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useDriverHarness } from './harness.js';

/** Haversine reference at MongoDB's radius (6378.1 km), independent of the server's code. */
function haversineMeters(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 +
    Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * 6378100 * Math.asin(Math.sqrt(h));
}

const CITIES: Array<{ _id: string; loc: { type: 'Point'; coordinates: [number, number] } }> = [
  { _id: 'paris', loc: { type: 'Point', coordinates: [2.3522, 48.8566] } },
  { _id: 'london', loc: { type: 'Point', coordinates: [-0.1278, 51.5074] } },
  { _id: 'brussels', loc: { type: 'Point', coordinates: [4.3517, 50.8503] } },
  { _id: 'new-york', loc: { type: 'Point', coordinates: [-74.006, 40.7128] } },
  { _id: 'los-angeles', loc: { type: 'Point', coordinates: [-118.2437, 34.0522] } },
  { _id: 'sydney', loc: { type: 'Point', coordinates: [151.2093, -33.8688] } },
  { _id: 'santiago', loc: { type: 'Point', coordinates: [-70.6693, -33.4489] } },
];

describe('geospatial queries through the driver', () => {
  let db: Db;
  useDriverHarness('geo', (h) => ({ db } = h));

  it('creates, lists and drops 2dsphere and 2d indexes with MongoDB options', async () => {
    const c = db.collection('idx');
    expect(await c.createIndex({ loc: '2dsphere', kind: 1 })).toBe('loc_2dsphere_kind_1');
    expect(await c.createIndex({ p: '2d' }, { bits: 20, min: -500, max: 500 })).toBe('p_2d');
    const specs = await c.listIndexes().toArray();
    expect(specs[1]).toEqual({
      v: 2,
      key: { loc: '2dsphere', kind: 1 },
      name: 'loc_2dsphere_kind_1',
      '2dsphereIndexVersion': 3,
    });
    expect(specs[2]).toMatchObject({ key: { p: '2d' }, bits: 20, min: -500, max: 500 });
    await expect(c.createIndex({ q: '2d' }, { bits: 40 })).rejects.toMatchObject({ code: 72 });
    await expect(c.createIndex({ a: 1, q: '2d' })).rejects.toMatchObject({ code: 16801 });
    await expect(c.createIndex({ r: '2dsphere' }, { '2dsphereIndexVersion': 9 })).rejects.toMatchObject({
      code: 67,
    });
    await c.dropIndex('p_2d');
    expect((await c.listIndexes().toArray()).map((i) => i['name'])).toEqual(['_id_', 'loc_2dsphere_kind_1']);
  });

  it('sorts $near results by great-circle distance within min/max (meters)', async () => {
    const c = db.collection('cities');
    await c.insertMany(CITIES as never);
    await c.createIndex({ loc: '2dsphere' });
    const paris = CITIES[0]?.loc.coordinates as [number, number];
    const all = await c
      .find({ loc: { $near: { $geometry: { type: 'Point', coordinates: paris } } } })
      .toArray();
    const expected = [...CITIES]
      .sort((a, b) => haversineMeters(paris, a.loc.coordinates) - haversineMeters(paris, b.loc.coordinates))
      .map((d) => d._id);
    expect(all.map((d) => d._id)).toEqual(expected);
    // Paris–Brussels ≈ 264 km, Paris–London ≈ 344 km: a 100–300 km ring keeps only Brussels.
    const ring = await c
      .find({
        loc: {
          $near: {
            $geometry: { type: 'Point', coordinates: paris },
            $minDistance: 100000,
            $maxDistance: 300000,
          },
        },
      })
      .toArray();
    expect(ring.map((d) => d._id)).toEqual(['brussels']);
    // An explicit sort overrides the distance order.
    const sorted = await c
      .find({
        loc: { $nearSphere: { $geometry: { type: 'Point', coordinates: paris }, $maxDistance: 400000 } },
      })
      .sort({ _id: -1 })
      .toArray();
    expect(sorted.map((d) => d._id)).toEqual(['paris', 'london', 'brussels']);
    expect(await c.countDocuments({ loc: { $geoWithin: { $centerSphere: [paris, 400 / 6378.1] } } })).toBe(3);
    // findAndModify with $near takes the nearest match.
    const updated = await c.findOneAndUpdate(
      {
        _id: { $ne: 'paris' },
        loc: { $near: { $geometry: { type: 'Point', coordinates: paris } } },
      } as never,
      { $set: { nearest: true } },
      { returnDocument: 'after' },
    );
    expect(updated).toMatchObject({ _id: 'brussels', nearest: true });
    // updateOne / deleteOne with $near act on the nearest match too.
    await c.updateOne(
      {
        _id: { $nin: ['paris', 'brussels'] },
        loc: { $nearSphere: { $geometry: { type: 'Point', coordinates: paris } } },
      } as never,
      { $set: { second: true } },
    );
    expect(await c.findOne({ second: true })).toMatchObject({ _id: 'london' });
    await c.deleteOne({ loc: { $near: { $geometry: { type: 'Point', coordinates: [151, -34] } } } });
    expect(await c.countDocuments({ _id: 'sydney' } as never)).toBe(0);
    expect(await c.countDocuments()).toBe(6);
  });

  it('reports $geoNear distances that match the reference formula', async () => {
    const c = db.collection('cities');
    await c.insertMany(CITIES as never);
    await c.createIndex({ loc: '2dsphere' });
    const ny = [-74.006, 40.7128] as [number, number];
    const out = await c
      .aggregate([
        {
          $geoNear: {
            near: { type: 'Point', coordinates: ny },
            distanceField: 'dist.m',
            includeLocs: 'where',
            query: { _id: { $ne: 'new-york' } },
          },
        },
        { $limit: 2 },
      ])
      .toArray();
    expect(out.map((d) => d._id)).toEqual(['los-angeles', 'london']);
    const la = out[0] as { dist: { m: number }; where: unknown };
    const ref = haversineMeters(ny, [-118.2437, 34.0522]);
    // Published New York–Los Angeles great-circle distance ≈ 3936 km at R = 6371 km ≈ 3940 km at 6378.1 km.
    expect(Math.abs(la.dist.m - ref) / ref).toBeLessThan(1e-9);
    expect(la.dist.m / 1000).toBeCloseTo(3940.1, 0);
    expect(la.where).toEqual({ type: 'Point', coordinates: [-118.2437, 34.0522] });
    const km = await c
      .aggregate([
        {
          $geoNear: {
            near: { type: 'Point', coordinates: ny },
            distanceField: 'km',
            distanceMultiplier: 0.001,
            maxDistance: 5000000,
            spherical: true,
          },
        },
      ])
      .toArray();
    expect(km.map((d) => d._id)).toEqual(['new-york', 'los-angeles']);
    await expect(
      c.aggregate([{ $match: {} }, { $geoNear: { near: [0, 0], distanceField: 'd' } }]).toArray(),
    ).rejects.toMatchObject({ code: 40602 });
    // minDistance in meters and an explicit key.
    const far = await c
      .aggregate([
        {
          $geoNear: {
            near: { type: 'Point', coordinates: ny },
            distanceField: 'd',
            key: 'loc',
            minDistance: 10000000,
          },
        },
      ])
      .toArray();
    expect(far.map((d) => d._id)).toEqual(['sydney']); // only Sydney is over 10 000 km from New York
    await expect(
      c.aggregate([{ $geoNear: { near: [0, 0], distanceField: 'd', key: 'nope' } }]).toArray(),
    ).rejects.toMatchObject({ code: 27 });
    await expect(c.aggregate([{ $geoNear: { near: [0, 0] } }]).toArray()).rejects.toMatchObject({
      code: 16606,
    });
    await expect(
      c
        .aggregate([{ $geoNear: { near: [0, 0], distanceField: 'd', query: { loc: { $near: [0, 0] } } } }])
        .toArray(),
    ).rejects.toMatchObject({ code: 5626500 });
  });

  it('refuses $near without a geo index (291), in $or (2), and $geoNear without one (27)', async () => {
    const c = db.collection('plain');
    await c.insertOne({ loc: [0, 0] });
    await expect(c.find({ loc: { $near: [0, 0] } }).toArray()).rejects.toMatchObject({
      code: 291,
      message: expect.stringContaining('unable to find index for $geoNear query') as unknown,
    });
    await expect(
      c.aggregate([{ $geoNear: { near: [0, 0], distanceField: 'd' } }]).toArray(),
    ).rejects.toMatchObject({ code: 27 });
    await c.createIndex({ loc: '2d' });
    await expect(c.find({ $or: [{ loc: { $near: [0, 0] } }, { a: 1 }] }).toArray()).rejects.toMatchObject({
      code: 2,
    });
    await expect(c.countDocuments({ loc: { $near: [0, 0] } })).rejects.toMatchObject({ code: 5626500 });
  });

  it('runs legacy 2d queries: $near in planar units, $box, $center, $polygon', async () => {
    const c = db.collection('grid');
    await c.insertMany([
      { _id: 1, p: [0, 0] },
      { _id: 2, p: [3, 4] },
      { _id: 3, p: [1, 1] },
      { _id: 4, p: [10, 0] },
    ] as never);
    await c.createIndex({ p: '2d' });
    const near = await c.find({ p: { $near: [0, 0], $maxDistance: 5 } }).toArray();
    expect(near.map((d) => d._id)).toEqual([1, 3, 2]);
    const explained = await c.find({ p: { $near: [0, 0], $maxDistance: 5 } }).explain('executionStats');
    expect(explained['executionStats']).toMatchObject({ nReturned: 3 });
    const ids = async (filter: object): Promise<unknown[]> =>
      (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(
      await ids({
        p: {
          $geoWithin: {
            $box: [
              [0, 0],
              [2, 2],
            ],
          },
        },
      }),
    ).toEqual([1, 3]);
    expect(await ids({ p: { $geoWithin: { $center: [[0, 0], 5] } } })).toEqual([1, 2, 3]);
    expect(
      await ids({
        p: {
          $geoWithin: {
            $polygon: [
              [-1, -1],
              [11, -1],
              [-1, 11],
            ],
          },
        },
      }),
    ).toEqual([1, 2, 3, 4]);
    const geo = await c
      .aggregate([{ $geoNear: { near: [9, 0], distanceField: 'd' } }, { $limit: 1 }])
      .toArray();
    expect(geo[0]).toMatchObject({ _id: 4, d: 1 });
  });

  it('matches a polygon crossing the antimeridian (Fiji) and $geoIntersects', async () => {
    const c = db.collection('pacific');
    await c.insertMany([
      { _id: 'suva', loc: { type: 'Point', coordinates: [178.4419, -18.1416] } },
      { _id: 'taveuni-east', loc: { type: 'Point', coordinates: [-179.9, -16.8] } },
      { _id: 'auckland', loc: { type: 'Point', coordinates: [174.7633, -36.8485] } },
      {
        _id: 'route',
        loc: {
          type: 'LineString',
          coordinates: [
            [170, -17],
            [-170, -17],
          ],
        },
      },
    ] as never);
    const fiji = {
      type: 'Polygon',
      coordinates: [
        [
          [177, -19.5],
          [-178, -19.5],
          [-178, -15.5],
          [177, -15.5],
          [177, -19.5],
        ],
      ],
    };
    const within = await c
      .find({ loc: { $geoWithin: { $geometry: fiji } } })
      .sort({ _id: 1 })
      .toArray();
    expect(within.map((d) => d._id)).toEqual(['suva', 'taveuni-east']);
    const crossing = await c
      .find({ loc: { $geoIntersects: { $geometry: fiji } } })
      .sort({ _id: 1 })
      .toArray();
    expect(crossing.map((d) => d._id)).toEqual(['route', 'suva', 'taveuni-east']);
  });

  it('rejects invalid GeoJSON: BadValue in queries, 16755 on insert into a 2dsphere collection', async () => {
    const c = db.collection('bad');
    await c.createIndex({ loc: '2dsphere' });
    await expect(c.insertOne({ loc: { type: 'Point', coordinates: [200, 10] } })).rejects.toMatchObject({
      code: 16755,
    });
    await expect(
      c.insertOne({
        loc: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      }),
    ).rejects.toMatchObject({
      code: 16755,
      message: expect.stringContaining("Can't extract geo keys") as unknown,
    });
    await c.insertOne({ other: 1 });
    expect(await c.countDocuments()).toBe(1);
    await expect(
      c
        .find({
          loc: {
            $geoWithin: {
              $geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [0, 0],
                    [2, 2],
                    [2, 0],
                    [0, 2],
                    [0, 0],
                  ],
                ],
              },
            },
          },
        })
        .toArray(),
    ).rejects.toMatchObject({ code: 2 });
    await expect(
      c.find({ loc: { $geoIntersects: { $geometry: { type: 'Point', coordinates: [0, 100] } } } }).toArray(),
    ).rejects.toMatchObject({ code: 2 });
  });
});
