import type { Accumulated } from './accumulate';
import type { CocoEvalParams } from './params';

/** One summary entry: AP (`ap = 1`) or AR over an IoU threshold (or all), an area label and a maxDets. */
export function summarizeOne(
  acc: Accumulated,
  p: CocoEvalParams,
  ap: boolean,
  iouThr: number | null,
  areaLbl: string,
  maxDets: number,
  k: number | null = null,
): number {
  const { T, R, K, A, M } = acc.shape;
  const ts = iouThr === null ? [...Array(T).keys()] : p.iouThrs.flatMap((t, i) => (t === iouThr ? [i] : []));
  const as = p.areaRngLbl.flatMap((l, i) => (l === areaLbl ? [i] : []));
  const ms = p.maxDets.flatMap((d, i) => (d === maxDets ? [i] : []));
  const ks = k === null ? [...Array(K).keys()] : [k];
  // the mean of the valid values (> −1), summed in index order (as pycocotools' mean of the selected slice, within 1e-12)
  let sum = 0;
  let n = 0;
  const add = (v: number) => {
    if (v > -1) {
      sum += v;
      n++;
    }
  };
  for (const t of ts)
    for (const a of as)
      for (const m of ms)
        for (const kk of ks) {
          if (ap) for (let r = 0; r < R; r++) add(acc.precision[(((t * R + r) * K + kk) * A + a) * M + m]!);
          else add(acc.recall[((t * K + kk) * A + a) * M + m]!);
        }
  return n ? sum / n : -1;
}

/** The 12 entries of pycocotools' `summarize()` for bbox, in its order. */
export const STAT_DEFINITIONS: ReadonlyArray<{
  ap: boolean;
  iouThr: number | null;
  area: string;
  maxDetIndex: number;
}> = [
  { ap: true, iouThr: null, area: 'all', maxDetIndex: 2 },
  { ap: true, iouThr: 0.5, area: 'all', maxDetIndex: 2 },
  { ap: true, iouThr: 0.75, area: 'all', maxDetIndex: 2 },
  { ap: true, iouThr: null, area: 'small', maxDetIndex: 2 },
  { ap: true, iouThr: null, area: 'medium', maxDetIndex: 2 },
  { ap: true, iouThr: null, area: 'large', maxDetIndex: 2 },
  { ap: false, iouThr: null, area: 'all', maxDetIndex: 0 },
  { ap: false, iouThr: null, area: 'all', maxDetIndex: 1 },
  { ap: false, iouThr: null, area: 'all', maxDetIndex: 2 },
  { ap: false, iouThr: null, area: 'small', maxDetIndex: 2 },
  { ap: false, iouThr: null, area: 'medium', maxDetIndex: 2 },
  { ap: false, iouThr: null, area: 'large', maxDetIndex: 2 },
];

/** Python's `'{:0.3f}'` (round half to even on the exact binary value; JS `toFixed` rounds ties up). */
export function formatFixed3(x: number): string {
  const s = x.toFixed(3);
  const scaled = x * 16; // exact: a tie at the 3rd decimal is an odd multiple of 1/16
  if (Number.isInteger(scaled) && Math.abs(scaled) % 2 === 1) {
    const down = (Math.trunc(x * 1000) / 1000).toFixed(3);
    const lastDown = Number(down[down.length - 1]);
    return lastDown % 2 === 0 ? down : s;
  }
  return s;
}

/**
 * The summary exactly in pycocotools' 12-line layout, e.g.
 * ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.372`.
 */
export function formatSummary(stats: number[], p: CocoEvalParams): string {
  const f2 = (v: number) => v.toFixed(2);
  return STAT_DEFINITIONS.map((d, i) => {
    const title = d.ap ? 'Average Precision' : 'Average Recall';
    const type = d.ap ? '(AP)' : '(AR)';
    const iou =
      d.iouThr === null ? `${f2(p.iouThrs[0]!)}:${f2(p.iouThrs[p.iouThrs.length - 1]!)}` : f2(d.iouThr);
    const maxDets = p.maxDets[d.maxDetIndex]!;
    return ` ${title.padEnd(18)} ${type} @[ IoU=${iou.padEnd(9)} | area=${d.area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${formatFixed3(stats[i]!)}`;
  }).join('\n');
}
