import type { TestResult } from './test-runner.js';

/** Pass/fail/skip counts of one area. */
export interface AreaCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Minimum share of runnable (passed + failed) tests that must pass, per area, for `--enforce`. */
export const TARGETS: Record<string, number> = {
  crud: 0.95,
  gridfs: 0.95,
  'index-management': 0.95,
  'collection-management': 0.95,
  transactions: 0.9,
  'transactions-convenient-api': 0.9,
  sessions: 0.8,
};

/**
 * Counts verdicts per area, keeping the order of `areas`.
 *
 * @example
 * countByArea(results, ['crud']); // { crud: { passed: 10, failed: 1, skipped: 2 } }
 */
export function countByArea(
  results: readonly TestResult[],
  areas: readonly string[],
): Record<string, AreaCounts> {
  const counts: Record<string, AreaCounts> = {};
  for (const area of areas) counts[area] = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    const c = (counts[r.area] ??= { passed: 0, failed: 0, skipped: 0 });
    c[r.status]++;
  }
  return counts;
}

/**
 * Areas below their target: `[area, pass rate, target]`. An area with no runnable test is not
 * below target (there is nothing to measure).
 *
 * @example
 * areasBelowTarget({ crud: { passed: 90, failed: 10, skipped: 0 } }); // [['crud', 0.9, 0.95]]
 */
export function areasBelowTarget(counts: Record<string, AreaCounts>): Array<[string, number, number]> {
  const below: Array<[string, number, number]> = [];
  for (const [area, c] of Object.entries(counts)) {
    const target = TARGETS[area];
    const runnable = c.passed + c.failed;
    if (target === undefined || runnable === 0) continue;
    const rate = c.passed / runnable;
    if (rate < target) below.push([area, rate, target]);
  }
  return below;
}

/** Groups texts by value, most frequent first. */
function grouped(texts: readonly string[]): Array<[string, number]> {
  const map = new Map<string, number>();
  for (const t of texts) map.set(t, (map.get(t) ?? 0) + 1);
  return [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * A failure message with its specifics (numbers, quoted and JSON values, positions) blanked, so
 * failures with the same cause group together.
 *
 * @example
 * failureCause('operations[2] (find on c): result.0.x: expected 1, got 2'); // 'find: result.N.x: expected …'
 */
export function failureCause(reason: string): string {
  return reason
    .replace(/^(?:operations|callback)\[\d+\] \((\w+) on [^)]*\)/, '$1')
    .replace(
      /expected (.*?), got (.*)/,
      (_m, what: string, got: string) => `expected ${what.length > 60 ? '…' : what}, got ${gotSummary(got)}`,
    )
    .replace(/\b\d+\b/g, 'N')
    .slice(0, 200);
}

/** The kind of an actual value in a mismatch message: an error's class and code name, else '…'. */
function gotSummary(got: string): string {
  const error = /^(Mongo\w+)\b.*?(?:\(code \d+ (\w+)\))?(?: labels \[.*\])?$/.exec(got);
  if (error) return [error[1], error[2]].filter(Boolean).join(' ');
  return '…';
}

/**
 * The human-readable report: one line per area, skip reasons grouped with counts, and with
 * `verbose` every failure plus failures grouped by cause.
 *
 * @example
 * formatReport(results, ['crud'], false); // 'crud: 10 passed, 1 failed, 2 skipped\n…'
 */
export function formatReport(
  results: readonly TestResult[],
  areas: readonly string[],
  verbose: boolean,
): string {
  const lines: string[] = [];
  const counts = countByArea(results, areas);
  for (const [area, c] of Object.entries(counts)) {
    const runnable = c.passed + c.failed;
    const rate = runnable === 0 ? '' : ` (${((100 * c.passed) / runnable).toFixed(1)}% of runnable)`;
    lines.push(`${area}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${rate}`);
  }
  const skips = results.filter((r) => r.status === 'skipped');
  if (skips.length > 0) {
    lines.push('', 'Skipped:');
    for (const [reason, n] of grouped(skips.map((r) => `[${r.area}] ${r.reason ?? 'no reason'}`)))
      lines.push(`  ${n}× ${reason}`);
  }
  const failures = results.filter((r) => r.status === 'failed');
  if (verbose && failures.length > 0) {
    lines.push('', 'Failures:');
    for (const f of failures)
      lines.push(`  ${f.area}/${f.file}: "${f.description}"`, `      ${f.reason ?? ''}`);
    lines.push('', 'Failure causes:');
    for (const [cause, n] of grouped(failures.map((r) => `[${r.area}] ${failureCause(r.reason ?? '')}`)))
      lines.push(`  ${n}× ${cause}`);
  }
  if (verbose) {
    const slow = results
      .filter((r) => (r.durationMs ?? 0) >= 1000)
      .sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0));
    if (slow.length > 0) {
      lines.push('', 'Slowest tests (≥ 1 s):');
      for (const r of slow.slice(0, 15))
        lines.push(`  ${((r.durationMs ?? 0) / 1000).toFixed(1)} s  ${r.area}/${r.file}: "${r.description}"`);
    }
  }
  return lines.join('\n');
}
