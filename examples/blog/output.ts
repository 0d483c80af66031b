/**
 * Plain-text output for the demo: section headings, `label: value` lines and small tables.
 * Every step prints through an {@link Output}, so the test can capture the lines.
 *
 * @example
 * ```ts
 * const out = new Output(console.log);
 * out.heading('Queries');
 * out.fact("posts tagged 'mongodb'", 3); //   posts tagged 'mongodb': 3
 * ```
 */

/** Where the demo's lines go (`console.log` when run from the command line). */
export type Log = (line: string) => void;

/** Formats the demo's sections. */
export class Output {
  constructor(private readonly log: Log) {}

  /** A section heading, underlined. */
  heading(title: string): void {
    this.log('');
    this.log(title);
    this.log('-'.repeat(title.length));
  }

  /** One indented `label: value` line. */
  fact(label: string, value: unknown): void {
    this.log(`  ${label}: ${String(value)}`);
  }

  /** One indented line of text. */
  note(text: string): void {
    this.log(`  ${text}`);
  }

  /** A table with a header row; numbers are right-aligned. */
  table(header: readonly string[], rows: readonly (readonly unknown[])[]): void {
    const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
    const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
    const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
    for (const row of cells) {
      const padded = row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)));
      this.log(`  ${padded.join('  ')}`.trimEnd());
    }
  }
}
