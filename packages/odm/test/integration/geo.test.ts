import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Document,
  GeoPointField,
  LineStringField,
  MultiLineStringField,
  MultiPointField,
  MultiPolygonField,
  OperationError,
  PointField,
  PolygonField,
  StringField,
  ValidationError,
  connect,
  disconnectAll,
  getDb,
} from '../../src/index.js';
import { freshDbName, uriFor } from '../helpers.js';
import { recordCommands } from './queryset-fixtures.js';

/** MongoDB's 2dsphere radius (meters) — distances in meters and radians are relative to it. */
const EARTH_RADIUS_M = 6378100;
const KM = 1000;

/** [longitude, latitude] */
const PARIS: [number, number] = [2.3522, 48.8566];
const LONDON: [number, number] = [-0.1276, 51.5072];
const BERLIN: [number, number] = [13.405, 52.52];
const MADRID: [number, number] = [-3.7038, 40.4168];
const ROME: [number, number] = [12.4964, 41.9028];
const SUVA: [number, number] = [178.4419, -18.1416];
const APIA: [number, number] = [-171.7513, -13.8333];
const PAPEETE: [number, number] = [-149.5585, -17.5516];

class City extends Document.define(
  { name: new StringField(), location: new PointField() },
  { collection: 'cities' },
) {}

class LegacyCity extends Document.define(
  { name: new StringField(), loc: new GeoPointField() },
  { collection: 'legacy_cities' },
) {}

class Route extends Document.define(
  { name: new StringField(), path: new LineStringField() },
  { collection: 'routes' },
) {}

class Region extends Document.define(
  { name: new StringField(), area: new PolygonField() },
  { collection: 'regions' },
) {}

class Shapes extends Document.define(
  {
    points: new MultiPointField(),
    lines: new MultiLineStringField(),
    areas: new MultiPolygonField(),
    plain: new PointField({ autoIndex: false }),
  },
  { collection: 'shapes' },
) {}

const CITIES: [string, [number, number]][] = [
  ['Paris', PARIS],
  ['London', LONDON],
  ['Berlin', BERLIN],
  ['Madrid', MADRID],
  ['Rome', ROME],
  ['Suva', SUVA],
  ['Apia', APIA],
  ['Papeete', PAPEETE],
];

/** Haversine great-circle distance in meters on MongoDB's sphere. */
function greatCircle(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

let commands: ReturnType<typeof recordCommands>;

beforeAll(async () => {
  await connect(uriFor(freshDbName('geo')), { monitorCommands: true });
  commands = recordCommands();
  for (const [name, at] of CITIES) {
    await new City({ name, location: at }).save();
    await new LegacyCity({ name, loc: at }).save();
  }
  await new Route({ name: 'Paris-Berlin', path: [PARIS, BERLIN] }).save();
  await new Route({ name: 'Madrid-Rome', path: [MADRID, ROME] }).save();
  await new Region({
    name: 'West',
    area: [
      [
        [-5, 40],
        [5, 40],
        [5, 52],
        [-5, 52],
        [-5, 40],
      ],
    ],
  }).save();
  await new Region({
    name: 'East',
    area: [
      [
        [10, 40],
        [16, 40],
        [16, 55],
        [10, 55],
        [10, 40],
      ],
    ],
  }).save();
  await new Shapes({
    points: [PARIS, LONDON],
    lines: [[PARIS, LONDON]],
    areas: [
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    ],
    plain: PARIS,
  }).save();
});
afterAll(() => disconnectAll());
beforeEach(() => commands.clear());

const names = (docs: { name?: string | null | undefined }[]) => docs.map((d) => d.name);
const sorted = (docs: { name?: string | null | undefined }[]) => names(docs).sort();

type IndexInfo = { name: string; key: Record<string, unknown> };
async function serverIndexes(collection: string): Promise<IndexInfo[]> {
  return (await getDb().collection(collection).listIndexes().toArray()) as IndexInfo[];
}

describe('published distances (sanity of the fixture)', () => {
  it('matches great-circle figures between capitals', () => {
    // Published figures (mean radius 6371 km) scaled to MongoDB's 6378.1 km sphere: ±0.5%.
    expect(greatCircle(PARIS, LONDON) / KM).toBeCloseTo(344 * (6378.1 / 6371), -1);
    expect(greatCircle(PARIS, BERLIN) / KM).toBeCloseTo(878 * (6378.1 / 6371), -1);
    expect(greatCircle(PARIS, MADRID) / KM).toBeCloseTo(1053 * (6378.1 / 6371), -1);
    expect(greatCircle(PARIS, ROME) / KM).toBeCloseTo(1106 * (6378.1 / 6371), -1);
  });
});

describe('automatic geo indexes', () => {
  it('creates 2dsphere indexes for GeoJSON fields and 2d for GeoPointField', async () => {
    expect((await serverIndexes('cities')).map((i) => i.key)).toContainEqual({ location: '2dsphere' });
    expect((await serverIndexes('legacy_cities')).map((i) => i.key)).toContainEqual({ loc: '2d' });
    expect((await serverIndexes('routes')).map((i) => i.key)).toContainEqual({ path: '2dsphere' });
    expect((await serverIndexes('regions')).map((i) => i.key)).toContainEqual({ area: '2dsphere' });
    const shapes = (await serverIndexes('shapes')).map((i) => i.key);
    expect(shapes).toContainEqual({ points: '2dsphere' });
    expect(shapes).toContainEqual({ lines: '2dsphere' });
    expect(shapes).toContainEqual({ areas: '2dsphere' });
    expect(shapes).not.toContainEqual({ plain: '2dsphere' });
  });

  it('lists the same keys from the class', () => {
    expect(City.listIndexes()).toContainEqual({ location: '2dsphere' });
    expect(LegacyCity.listIndexes()).toContainEqual({ loc: '2d' });
  });
});

describe('GeoJSON lookups on a PointField', () => {
  it('geoWithin a Polygon, including one across the antimeridian', async () => {
    const east = [
      [
        [10, 40],
        [16, 40],
        [16, 55],
        [10, 55],
        [10, 40],
      ],
    ];
    expect(sorted(await City.objects({ location__geoWithin: east }).toArray())).toEqual(['Berlin', 'Rome']);
    // From 170°E to 170°W: the short way, over the antimeridian.
    const pacific = {
      type: 'Polygon',
      coordinates: [
        [
          [170, -20],
          [-170, -20],
          [-170, -10],
          [170, -10],
          [170, -20],
        ],
      ],
    };
    expect(sorted(await City.objects({ location__geoWithin: pacific }).toArray())).toEqual(['Apia', 'Suva']);
  });

  it('geoWithinBox, geoWithinPolygon and geoWithinCenter (planar degrees)', async () => {
    const box = [
      [-5, 40],
      [5, 52],
    ];
    expect(sorted(await City.objects({ location__geoWithinBox: box }).toArray())).toEqual([
      'London',
      'Madrid',
      'Paris',
    ]);
    const polygon = [
      [-5, 40],
      [5, 40],
      [5, 52],
      [-5, 52],
    ];
    expect(sorted(await City.objects({ location__geoWithinPolygon: polygon }).toArray())).toEqual([
      'London',
      'Madrid',
      'Paris',
    ]);
    // London is 3.63° from Paris in the plane, Berlin 11.6°.
    expect(sorted(await City.objects({ location__geoWithinCenter: [PARIS, 5] }).toArray())).toEqual([
      'London',
      'Paris',
    ]);
  });

  it('geoWithinSphere takes a radius in radians', async () => {
    const radius = (900 * KM) / EARTH_RADIUS_M;
    expect(sorted(await City.objects({ location__geoWithinSphere: [PARIS, radius] }).toArray())).toEqual([
      'Berlin',
      'London',
      'Paris',
    ]);
    // Berlin is ~879 km away: a radius just under it leaves it out.
    const under = (greatCircle(PARIS, BERLIN) - 1000) / EARTH_RADIUS_M;
    expect(sorted(await City.objects({ location__geoWithinSphere: [PARIS, under] }).toArray())).toEqual([
      'London',
      'Paris',
    ]);
  });

  it('near orders by distance, bounded by maxDistance and minDistance (meters)', async () => {
    const european = await City.objects({
      location__near: PARIS,
      location__maxDistance: 2000 * KM,
    }).toArray();
    expect(names(european)).toEqual(['Paris', 'London', 'Berlin', 'Madrid', 'Rome']);
    const ring = await City.objects({
      location__near: PARIS,
      location__minDistance: 500 * KM,
      location__maxDistance: 1080 * KM,
    }).toArray();
    expect(names(ring)).toEqual(['Berlin', 'Madrid']);
    // Bounds a kilometre either side of the great-circle distance to London.
    const london = greatCircle(PARIS, LONDON);
    expect(
      names(await City.objects({ location__near: PARIS, location__maxDistance: london + KM }).toArray()),
    ).toEqual(['Paris', 'London']);
    expect(
      names(await City.objects({ location__near: PARIS, location__maxDistance: london - KM }).toArray()),
    ).toEqual(['Paris']);
    const [find] = commands.named('find');
    expect(find?.command['filter']).toEqual({
      location: {
        $near: { $geometry: { type: 'Point', coordinates: PARIS }, $maxDistance: 2000 * KM },
      },
    });
  });

  it('nearSphere orders by great-circle distance', async () => {
    const found = await City.objects({
      location__nearSphere: ROME,
      location__maxDistance: 1200 * KM,
    }).toArray();
    // Rome → Paris 1106 km, Berlin 1184 km, Madrid 1365 km, London 1435 km.
    expect(names(found)).toEqual(['Rome', 'Paris', 'Berlin']);
  });
});

describe('geoIntersects', () => {
  it('finds polygons containing a Point', async () => {
    expect(names(await Region.objects({ area__geoIntersects: PARIS }).toArray())).toEqual(['West']);
    expect(names(await Region.objects({ area__geoIntersects: BERLIN }).toArray())).toEqual(['East']);
    expect(await Region.objects({ area__geoIntersects: SUVA }).count()).toBe(0);
  });

  it('finds polygons crossed by a LineString', async () => {
    const parisToBerlin = { type: 'LineString', coordinates: [PARIS, BERLIN] };
    expect(sorted(await Region.objects({ area__geoIntersects: parisToBerlin }).toArray())).toEqual([
      'East',
      'West',
    ]);
    expect(names(await Region.objects({ area__geoIntersects: [PARIS, LONDON] }).toArray())).toEqual(['West']);
  });

  it('finds lines crossing a Polygon', async () => {
    // A box around Switzerland/Austria: the Madrid–Rome line passes south of it, Paris–Berlin north.
    const alps = [
      [
        [6, 46],
        [14, 46],
        [14, 48],
        [6, 48],
        [6, 46],
      ],
    ];
    expect(await Route.objects({ path__geoIntersects: alps }).count()).toBe(0);
    // A box around the Rhine at 8°E, 48–52°N: Paris–Berlin crosses it.
    const rhine = [
      [
        [7, 48],
        [9, 48],
        [9, 52],
        [7, 52],
        [7, 48],
      ],
    ];
    expect(names(await Route.objects({ path__geoIntersects: rhine }).toArray())).toEqual(['Paris-Berlin']);
  });
});

describe('legacy 2d lookups on a GeoPointField', () => {
  it('near orders by planar distance; maxDistance is in coordinate units', async () => {
    const found = await LegacyCity.objects({ loc__near: PARIS, loc__maxDistance: 12 }).toArray();
    // Planar: London 3.63, Madrid 10.3, Rome 12.1 (excluded), Berlin 11.6.
    expect(names(found)).toEqual(['Paris', 'London', 'Madrid', 'Berlin']);
  });

  it('nearSphere takes radians', async () => {
    const found = await LegacyCity.objects({
      loc__nearSphere: PARIS,
      loc__maxDistance: (900 * KM) / EARTH_RADIUS_M,
    }).toArray();
    expect(names(found)).toEqual(['Paris', 'London', 'Berlin']);
  });

  it('geoWithinBox, geoWithinPolygon, geoWithinCenter and geoWithinSphere', async () => {
    const box = [
      [10, 40],
      [16, 55],
    ];
    expect(sorted(await LegacyCity.objects({ loc__geoWithinBox: box }).toArray())).toEqual([
      'Berlin',
      'Rome',
    ]);
    const triangle = [
      [-10, 40],
      [5, 40],
      [5, 55],
    ];
    // The hypotenuse runs from (-10,40) to (5,55): Paris lies right of it, London left.
    expect(sorted(await LegacyCity.objects({ loc__geoWithinPolygon: triangle }).toArray())).toEqual([
      'Madrid',
      'Paris',
    ]);
    expect(sorted(await LegacyCity.objects({ loc__geoWithinCenter: [PARIS, 5] }).toArray())).toEqual([
      'London',
      'Paris',
    ]);
    const radius = (400 * KM) / EARTH_RADIUS_M;
    expect(sorted(await LegacyCity.objects({ loc__geoWithinSphere: [PARIS, radius] }).toArray())).toEqual([
      'London',
      'Paris',
    ]);
  });
});

describe('missing geo index', () => {
  it('near on a field without an index fails with the server error, as an OperationError', async () => {
    const error = await Shapes.objects({ plain__near: PARIS })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationError);
    expect(((error as Error).cause as { code?: unknown }).code).toBe(291);
  });

  it('geoWithin needs no index', async () => {
    const box = [
      [0, 45],
      [5, 50],
    ];
    expect(await Shapes.objects({ plain__geoWithinBox: box }).count()).toBe(1);
  });
});

describe('invalid geometry', () => {
  it('fails validation on save before anything is sent', async () => {
    await expect(new City({ name: 'Nowhere', location: [200, 100] }).save()).rejects.toBeInstanceOf(
      ValidationError,
    );
    const openRing: [number, number][][] = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    ];
    await expect(new Region({ name: 'Open', area: openRing }).save()).rejects.toBeInstanceOf(ValidationError);
    await expect(new LegacyCity({ name: 'Bad', loc: [1] as never }).save()).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(commands.named('insert')).toHaveLength(0);
    expect(await City.objects({ name: 'Nowhere' }).count()).toBe(0);
  });
});
