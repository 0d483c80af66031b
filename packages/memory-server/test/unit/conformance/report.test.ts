import { describe, expect, it } from 'vitest';
import { areasBelowTarget, countByArea, failureCause, formatReport } from '../../../conformance/report.js';
import type { TestResult } from '../../../conformance/test-runner.js';

const result = (area: string, status: TestResult['status'], reason?: string): TestResult => ({
  area,
  file: 'f.json',
  description: `${status} test`,
  status,
  ...(reason ? { reason } : {}),
});

const results = [
  result('crud', 'passed'),
  result('crud', 'passed'),
  result('crud', 'failed', 'operations[0] (find on coll0): result.0.x: expected 1, got 2'),
  result('crud', 'skipped', 'requires server version >= 8.0 (server is 7.0.0)'),
  result('crud', 'skipped', 'requires server version >= 8.0 (server is 7.0.0)'),
  result('gridfs', 'skipped', 'operation loop not supported by this runner'),
];

describe('countByArea', () => {
  it('counts per area, keeping requested areas with no tests', () => {
    expect(countByArea(results, ['crud', 'gridfs', 'sessions'])).toEqual({
      crud: { passed: 2, failed: 1, skipped: 2 },
      gridfs: { passed: 0, failed: 0, skipped: 1 },
      sessions: { passed: 0, failed: 0, skipped: 0 },
    });
  });
});

describe('areasBelowTarget', () => {
  it('compares the pass rate of runnable tests with each target', () => {
    expect(areasBelowTarget({ crud: { passed: 95, failed: 5, skipped: 50 } })).toEqual([]);
    expect(areasBelowTarget({ crud: { passed: 94, failed: 6, skipped: 0 } })).toEqual([['crud', 0.94, 0.95]]);
    expect(areasBelowTarget({ sessions: { passed: 8, failed: 2, skipped: 0 } })).toEqual([]);
    expect(areasBelowTarget({ gridfs: { passed: 0, failed: 0, skipped: 3 } })).toEqual([]);
  });
});

describe('formatReport', () => {
  it('prints one line per area and groups skip reasons with counts', () => {
    const text = formatReport(results, ['crud', 'gridfs'], false);
    expect(text).toContain('crud: 2 passed, 1 failed, 2 skipped');
    expect(text).toContain('gridfs: 0 passed, 0 failed, 1 skipped');
    expect(text).toContain('2× [crud] requires server version >= 8.0 (server is 7.0.0)');
    expect(text).not.toContain('Failures:');
  });

  it('lists failures and their grouped causes when verbose', () => {
    const text = formatReport(results, ['crud'], true);
    expect(text).toContain('crud/f.json: "failed test"');
    expect(text).toContain('1× [crud] find: result.N.x: expected N, got …');
  });
});

describe('failureCause', () => {
  it('blanks positions and numbers so same causes group', () => {
    expect(failureCause('operations[3] (insertOne on c): unexpected error X (code 59)')).toBe(
      'insertOne: unexpected error X (code N)',
    );
  });
});

describe('failureCause with errors', () => {
  it('keeps the class and code name of the error that was got', () => {
    expect(
      failureCause(
        'operations[0] (insertOne on c): expected error code 11000, got MongoServerError: no such command (code 59 CommandNotFound)',
      ),
    ).toBe('insertOne: expected error code N, got MongoServerError CommandNotFound');
  });
});
