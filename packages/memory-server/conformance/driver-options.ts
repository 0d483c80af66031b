import { ReadPreference } from 'mongodb';
import type { SpecDoc } from './spec-types.js';

/**
 * Converts a spec read preference (`{ mode, tagSets, maxStalenessSeconds, hedge }`, or a mode
 * string) into the driver's `ReadPreference`.
 *
 * @example
 * toReadPreference({ mode: 'secondaryPreferred' }); // ReadPreference('secondaryPreferred')
 */
export function toReadPreference(value: unknown): ReadPreference {
  if (typeof value === 'string') return new ReadPreference(value as never);
  const spec = value as SpecDoc;
  const mode = String(spec['mode']);
  const modeName = mode.charAt(0).toLowerCase() + mode.slice(1);
  const options: Record<string, unknown> = {};
  if (spec['maxStalenessSeconds'] !== undefined) options['maxStalenessSeconds'] = spec['maxStalenessSeconds'];
  if (spec['hedge'] !== undefined) options['hedge'] = spec['hedge'];
  return new ReadPreference(modeName as never, spec['tagSets'] as never, options as never);
}

/**
 * Converts spec read/write-concern and read-preference options (database, collection, session
 * and transaction options) to the driver's option shapes; other keys pass through.
 *
 * @example
 * toDriverOptions({ readPreference: { mode: 'primary' }, writeConcern: { w: 1 } });
 */
export function toDriverOptions(spec: SpecDoc | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec ?? {})) {
    if (key === 'readPreference') out[key] = toReadPreference(value);
    else if (key === 'writeConcern') out[key] = toWriteConcern(value as SpecDoc);
    else out[key] = value;
  }
  return out;
}

/**
 * A spec write concern (`{ w, j, wtimeoutMS, journal }`) in the driver's shape.
 *
 * @example
 * toWriteConcern({ w: 'majority', wtimeoutMS: 100 }); // { w: 'majority', wtimeoutMS: 100 }
 */
export function toWriteConcern(spec: SpecDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'j') out['journal'] = value;
    else if (key === 'wtimeout') out['wtimeoutMS'] = value;
    else out[key] = value;
  }
  return out;
}

/**
 * Adds `uriOptions` to a connection string's query, keeping what it already has unless overridden.
 *
 * @example
 * withUriOptions('mongodb://h:1/?replicaSet=rs0', { w: 'majority' }); // 'mongodb://h:1/?replicaSet=rs0&w=majority'
 */
export function withUriOptions(uri: string, options: SpecDoc | undefined): string {
  if (!options || Object.keys(options).length === 0) return uri;
  const qIndex = uri.indexOf('?');
  const base = qIndex === -1 ? uri : uri.slice(0, qIndex);
  const params = new URLSearchParams(qIndex === -1 ? '' : uri.slice(qIndex + 1));
  for (const [key, value] of Object.entries(options)) {
    if (key === 'readPreferenceTags' && Array.isArray(value)) {
      params.delete(key);
      for (const tags of value) params.append(key, String(tags));
    } else {
      params.set(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
    }
  }
  const path =
    base.endsWith('/') || /\/[^/]*$/.test(base.replace(/^mongodb(\+srv)?:\/\//, '')) ? base : `${base}/`;
  return `${path}?${params.toString()}`;
}
