import { gmmSelect } from '../gmm/gmm-select';

/** Chooses the positives of one GT from its pool scores; returns indices into `scores`, ascending. */
export type Selector = (scores: Float64Array) => number[];

/** The official selection: the 2-component GMM cut (spec §3.5.5). */
export const gmmSelector: Selector = (scores) => gmmSelect(scores);

/**
 * A fixed-size selection: the `k` lowest scores (ties: lower pool index first).
 *
 * @example
 * ```ts
 * new SpatialAssigner({ selector: topKSelector(9) });
 * ```
 */
export function topKSelector(k: number): Selector {
  return (scores) =>
    Array.from(scores.keys())
      .sort((a, b) => scores[a]! - scores[b]! || a - b)
      .slice(0, k)
      .sort((a, b) => a - b);
}
