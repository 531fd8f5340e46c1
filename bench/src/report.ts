/** A row of the summary table. `pass` is undefined for figures that have no target. */
export interface SummaryRow {
  bench: string;
  measured: string;
  ratio?: string;
  target?: string;
  pass?: boolean;
  /** The bench could not measure (e.g. the platform failed to start). */
  error?: boolean;
}

export const verdict = (row: SummaryRow): string =>
  row.error ? 'ERROR' : row.pass === undefined ? 'info' : row.pass ? 'PASS' : 'MISS';

export function printTable(rows: SummaryRow[]): void {
  const header = ['bench', 'measured', 'ratio', 'target', 'verdict'];
  const cells = rows.map((r) => [r.bench, r.measured, r.ratio ?? '', r.target ?? '', verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}
