import type { CocoEvalResult } from './evaluate-coco';
import { formatFixed3 } from './summarize';

/** One row of {@link perClassTable}. */
export interface PerClassRow {
  categoryId: number;
  name: string;
  /** AP@[.50:.95], AP50, AP75 and AR@100, area all (−1: no GT for this class). */
  ap: number;
  ap50: number;
  ap75: number;
  ar100: number;
}

/**
 * The per-category results of an evaluation with class names, worst AP first (ties: by name);
 * classes without ground truth (AP −1) go last. The numbers are `result.perCategory`'s.
 *
 * @example
 * ```ts
 * const rows = perClassTable(evaluateCoco(gt, dt), gt.categoryNames);
 * console.log(formatPerClassTable(rows));
 * ```
 */
export function perClassTable(result: CocoEvalResult, names: Map<number, string> = new Map()): PerClassRow[] {
  const rows = Object.entries(result.perCategory).map(([id, m]) => ({
    categoryId: Number(id),
    name: names.get(Number(id)) ?? id,
    ap: m.ap,
    ap50: m.ap50,
    ap75: m.ap75,
    ar100: m.ar100,
  }));
  const key = (r: PerClassRow) => (r.ap < 0 ? Number.POSITIVE_INFINITY : r.ap);
  return rows.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name) || a.categoryId - b.categoryId);
}

/**
 * The table as aligned text (values in pycocotools' 3-decimal format, `-` where a class has no GT).
 *
 * @example
 * ```ts
 * formatPerClassTable(rows);
 * // class      id     AP   AP50   AP75  AR100
 * // bicycle     2  0.113  0.301  0.062  0.270
 * ```
 */
export function formatPerClassTable(rows: PerClassRow[]): string {
  const cell = (v: number) => (v < 0 ? '-' : formatFixed3(v));
  const width = (s: string) =>
    [...s].reduce(
      (w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
      0,
    );
  const nameW = Math.max(5, ...rows.map((r) => width(r.name)));
  const idW = Math.max(2, ...rows.map((r) => String(r.categoryId).length));
  const pad = (s: string) => s + ' '.repeat(nameW - width(s));
  const head = `${pad('class')}  ${'id'.padStart(idW)}  ${['AP', 'AP50', 'AP75', 'AR100'].map((h) => h.padStart(5)).join('  ')}`;
  return [
    head,
    ...rows.map(
      (r) =>
        `${pad(r.name)}  ${String(r.categoryId).padStart(idW)}  ${[r.ap, r.ap50, r.ap75, r.ar100].map((v) => cell(v).padStart(5)).join('  ')}`,
    ),
  ].join('\n');
}
