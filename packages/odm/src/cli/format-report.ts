import type { CollectionReport, IndexEntry, SyncAction } from './index-report.js';

/**
 * An index key as a reader writes it: `{ name: 1, age: -1 }`.
 *
 * @example
 * formatKey({ _cls: 1, age: -1 }); // '{ _cls: 1, age: -1 }'
 */
export function formatKey(key: Record<string, unknown>): string {
  return `{ ${Object.entries(key)
    .map(
      ([path, kind]) =>
        `${/^[A-Za-z_$][\w$]*$/.test(path) ? path : JSON.stringify(path)}: ${JSON.stringify(kind)}`,
    )
    .join(', ')} }`;
}

function formatOptions(options: IndexEntry['options']): string {
  const shown = Object.entries(options ?? {}).filter(([k]) => k !== 'name');
  return shown.length === 0 ? '' : ` ${JSON.stringify(Object.fromEntries(shown))}`;
}

function entryLine(label: string, e: IndexEntry): string {
  return `  ${label.padEnd(8)} ${formatKey(e.key)}${e.name !== undefined ? ` (${e.name})` : ''}${formatOptions(e.options)}`;
}

function heading(r: CollectionReport): string {
  return `${r.db}.${r.collection} [${r.alias}] — ${r.classes.join(', ')}`;
}

/**
 * The text `indexes check` prints: per collection its matching, missing and extra indexes, then
 * a summary line.
 *
 * @example
 * declare const reports: CollectionReport[];
 * formatCheck(reports);
 * // blog.users [default] — User
 * //   ok       { email: 1 } (email_1)
 * //   missing  { age: -1 }
 */
export function formatCheck(reports: readonly CollectionReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(heading(r));
    for (const e of r.matching) lines.push(entryLine('ok', e));
    for (const e of r.missing) lines.push(entryLine('missing', e));
    for (const e of r.extra) lines.push(entryLine('extra', e));
    if (r.matching.length + r.missing.length + r.extra.length === 0) lines.push('  (no indexes besides _id)');
  }
  const missing = reports.reduce((n, r) => n + r.missing.length, 0);
  const extra = reports.reduce((n, r) => n + r.extra.length, 0);
  const differing = reports.filter((r) => r.missing.length + r.extra.length > 0).length;
  lines.push(
    differing === 0
      ? `${reports.length} collection(s) checked: all indexes in sync.`
      : `${reports.length} collection(s) checked: ${differing} out of sync (${missing} missing, ${extra} extra). Run \`mongoengine-ts indexes sync\` to create the missing ones${extra > 0 ? ' (add --drop-extra to drop the extra ones)' : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The text `indexes sync` prints: one line per change, and what was left alone.
 *
 * @example
 * declare const actions: SyncAction[], reports: CollectionReport[];
 * formatSync(actions, reports, { dryRun: true, dropExtra: false });
 * // would create blog.users { age: -1 }
 */
export function formatSync(
  actions: readonly SyncAction[],
  reports: readonly CollectionReport[],
  options: { dryRun: boolean; dropExtra: boolean },
): string {
  const dbOf = new Map(reports.map((r) => [`${r.alias}\0${r.collection}`, r.db]));
  const lines = actions.map((a) => {
    const verb = options.dryRun ? `would ${a.action}` : a.action === 'create' ? 'created' : 'dropped';
    const where = `${dbOf.get(`${a.alias}\0${a.collection}`) ?? a.alias}.${a.collection}`;
    return `${verb} ${where} ${formatKey(a.key)}${a.name !== undefined ? ` (${a.name})` : ''}${a.action === 'create' ? formatOptions(a.options) : ''}`;
  });
  const kept = options.dropExtra ? 0 : reports.reduce((n, r) => n + r.extra.length, 0);
  if (actions.length === 0) lines.push(`${reports.length} collection(s) already in sync.`);
  if (kept > 0) lines.push(`${kept} extra index(es) kept (pass --drop-extra to drop them).`);
  return `${lines.join('\n')}\n`;
}
