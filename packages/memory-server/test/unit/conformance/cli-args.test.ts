import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../conformance/cli-args.js';

describe('parseCliArgs', () => {
  it('has quiet defaults, a 10 s per-test timeout and a 170 s run budget', () => {
    expect(parseCliArgs([])).toEqual({
      areas: [],
      verbose: false,
      json: false,
      enforce: false,
      timeoutMs: 10_000,
      budgetMs: 170_000,
    });
  });

  it('reads areas, flags and valued options (separate or with =)', () => {
    const o = parseCliArgs([
      'crud',
      'gridfs',
      '--grep',
      'upsert',
      '--json',
      '--verbose',
      '--enforce',
      '--spec-dir=/x',
      '--timeout',
      '500',
      '--budget=9000',
      '--uri',
      'mongodb://h:1/',
    ]);
    expect(o).toEqual({
      areas: ['crud', 'gridfs'],
      grep: 'upsert',
      specDir: '/x',
      verbose: true,
      json: true,
      enforce: true,
      timeoutMs: 500,
      budgetMs: 9000,
      uri: 'mongodb://h:1/',
    });
  });

  it('rejects unknown options and missing values', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow('unknown option --nope');
    expect(() => parseCliArgs(['--grep'])).toThrow('--grep needs a value');
    expect(() => parseCliArgs(['--timeout', '-1'])).toThrow('positive');
    expect(() => parseCliArgs(['--budget', 'soon'])).toThrow('positive');
  });
});
