// Small statistics and formatting helpers for the benchmark: medians, spreads, a text table.

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p90: number;
}

/** Nearest-rank percentile of an ascending list; the median interpolates the two middle values. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN, p90: NaN };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
  const p90 = s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)] ?? NaN;
  return { n: s.length, median, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, p90 };
}

export const ms = (v: number, digits = 0): string => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');
/** Decimal megabytes (10^6 bytes), as image sizes are usually quoted. */
export const mb = (bytes: number, digits = 1): string =>
  Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(digits)} MB` : 'n/a';
export const kb = (bytes: number, digits = 1): string => `${(bytes / 1024).toFixed(digits)} KB`;
export const ratio = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');

/** "median (min-max)" for times. */
export const spread = (s: Summary, digits = 0): string =>
  s.n === 0
    ? 'n/a'
    : `${s.median.toFixed(digits)} ms (${s.min.toFixed(digits)}-${s.max.toFixed(digits)}, p90 ${s.p90.toFixed(digits)})`;

/** A plain text table: first row is the header, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    row
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
