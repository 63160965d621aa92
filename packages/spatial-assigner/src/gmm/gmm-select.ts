import { fitGaussianMixture1d } from './gaussian-mixture-1d';

/**
 * The official APS selection (spec §3.5.5): fit a 2-component mixture to v = 10·u, take the
 * entries of component 0 (initialised at min v), find the one of highest mixture log-density (the
 * mode of the low-cost component; ties → first in pool order), and select every component-0 entry
 * whose v is at most that entry's. A single entry is selected as is; an empty component 0 selects
 * nothing.
 *
 * @returns indices into `scores`, ascending
 *
 * @example
 * ```ts
 * gmmSelect([0.5, 0.52, 0.55, 0.9, 1.5, 1.6, 1.7, 1.8, 1.9]); // [0, 1, 2]
 * ```
 */
export function gmmSelect(scores: ArrayLike<number>): number[] {
  const n = scores.length;
  if (n === 0) return [];
  if (n === 1) return [0];
  const v = Float64Array.from({ length: n }, (_, i) => scores[i]! * 10);
  const fit = fitGaussianMixture1d(v);
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (fit.labels[i] !== 0) continue;
    if (best < 0 || fit.logDensity[i]! > fit.logDensity[best]!) best = i;
  }
  if (best < 0) return [];
  const cut = v[best]!;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (fit.labels[i] === 0 && v[i]! <= cut) out.push(i);
  return out;
}
