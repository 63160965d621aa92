/** The COCO stats of one finished run. */
export interface RunRecord {
  variant: string;
  seed: number;
  /** The 12 COCO summary stats (pycocotools order). */
  stats: number[];
  seconds: number;
}

/** The columns of the table: names and their index in the COCO stats. */
export const COLUMNS = [
  ['AP', 0],
  ['AP50', 1],
  ['AP75', 2],
  ['APs', 3],
  ['APm', 4],
  ['APl', 5],
] as const;

/** Mean and sample standard deviation (n − 1); std is 0 for a single value. */
export function meanStd(values: number[]): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) throw new Error('meanStd: no values');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: 0 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance) };
}

/** One table row: per column the mean ± std over seeds, in COCO percent. */
export interface SummaryRow {
  variant: string;
  seeds: number[];
  columns: Record<string, { mean: number; std: number } | null>;
}

/**
 * Groups runs by variant (in the order given) and reduces every column over seeds. A column whose
 * stat is −1 (no ground truth in that area range) in any run is `null`.
 */
export function summarize(records: RunRecord[], variants: string[]): SummaryRow[] {
  return variants.flatMap((variant) => {
    const runs = records.filter((r) => r.variant === variant);
    if (runs.length === 0) return [];
    const columns: SummaryRow['columns'] = {};
    for (const [name, i] of COLUMNS) {
      const values = runs.map((r) => r.stats[i]!);
      columns[name] = values.some((v) => v < 0) ? null : meanStd(values.map((v) => 100 * v));
    }
    return [{ variant, seeds: runs.map((r) => r.seed).sort((a, b) => a - b), columns }];
  });
}

/** The markdown table: one row per variant, `mean ± std` in COCO percent with one decimal. */
export function summaryMarkdown(rows: SummaryRow[]): string {
  const head = `| model | seeds | ${COLUMNS.map(([n]) => n).join(' | ')} |`;
  const rule = `|---|---|${COLUMNS.map(() => '---').join('|')}|`;
  const body = rows.map((r) => {
    const cells = COLUMNS.map(([n]) => {
      const c = r.columns[n];
      return c ? `${c.mean.toFixed(1)} ± ${c.std.toFixed(1)}` : '–';
    });
    return `| ${r.variant} | ${r.seeds.length} | ${cells.join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}
