import { describe, expect, it } from 'vitest';
import { checkRequirements, compareVersions, unmetRequirement } from '../../../conformance/requirements.js';
import type { ServerFacts } from '../../../conformance/requirements.js';

const facts: ServerFacts = {
  version: '7.0.12',
  topology: 'replicaset',
  serverless: false,
  auth: false,
  csfle: false,
  getParameter: async (name) => (name === 'enableTestCommands' ? true : undefined),
};

describe('compareVersions', () => {
  it('compares numerically, missing parts as zero', () => {
    expect(compareVersions('4.4.99', '7.0.0')).toBe(-1);
    expect(compareVersions('7.0', '7.0.0')).toBe(0);
    expect(compareVersions('7.0.12', '7.0.2')).toBe(1);
    expect(compareVersions('8.2.0', '7.0.12')).toBe(1);
  });
});

describe('unmetRequirement', () => {
  it('checks the version range', async () => {
    expect(await unmetRequirement({ minServerVersion: '4.0' }, facts)).toBeUndefined();
    expect(await unmetRequirement({ minServerVersion: '8.0' }, facts)).toBe(
      'requires server version >= 8.0 (server is 7.0.12)',
    );
    expect(await unmetRequirement({ maxServerVersion: '4.4.99' }, facts)).toBe(
      'requires server version <= 4.4.99 (server is 7.0.12)',
    );
    expect(await unmetRequirement({ maxServerVersion: '7.0.99' }, facts)).toBeUndefined();
  });

  it('treats the server as a replica set only', async () => {
    expect(await unmetRequirement({ topologies: ['single', 'replicaset'] }, facts)).toBeUndefined();
    expect(await unmetRequirement({ topologies: ['single'] }, facts)).toBe(
      'requires topology single (server is replicaset)',
    );
    expect(await unmetRequirement({ topologies: ['sharded', 'load-balanced'] }, facts)).toContain(
      'sharded/load-balanced',
    );
  });

  it('checks serverless, auth, csfle and server parameters', async () => {
    expect(await unmetRequirement({ serverless: 'forbid' }, facts)).toBeUndefined();
    expect(await unmetRequirement({ serverless: 'require' }, facts)).toBe('requires serverless');
    expect(await unmetRequirement({ auth: false }, facts)).toBeUndefined();
    expect(await unmetRequirement({ auth: true }, facts)).toBe('requires auth');
    expect(await unmetRequirement({ csfle: true }, facts)).toContain('csfle');
    expect(await unmetRequirement({ csfle: false }, facts)).toBeUndefined();
    expect(await unmetRequirement({ serverParameters: { enableTestCommands: true } }, facts)).toBeUndefined();
    expect(await unmetRequirement({ serverParameters: { other: 1 } }, facts)).toContain('other');
  });
});

describe('checkRequirements', () => {
  it('is met when any entry is met, or when there are none', async () => {
    expect(await checkRequirements(undefined, facts)).toBeUndefined();
    expect(
      await checkRequirements([{ minServerVersion: '8.0' }, { topologies: ['replicaset'] }], facts),
    ).toBeUndefined();
    expect(
      await checkRequirements([{ minServerVersion: '8.0' }, { topologies: ['sharded'] }], facts),
    ).toContain('>= 8.0');
  });
});
