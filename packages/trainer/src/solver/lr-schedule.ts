/** Options of {@link warmupMultiStepLr}; defaults are the spec's 1x schedule (§4). */
export interface LrScheduleOptions {
  baseLr: number;
  /** Iterations (1-based, inclusive) at the warm-up rate. Default 500. */
  warmupIters?: number;
  /** Warm-up factor. Default 1/3. */
  warmupFactor?: number;
  /** `constant` (the official code: factor × lr during warm-up) or `linear` (ramp to lr). Default constant. */
  warmupMethod?: 'constant' | 'linear';
  /** Iterations after which lr is multiplied by `gamma` (each). Default []. */
  steps?: number[];
  /** Decay per step. Default 0.1. */
  gamma?: number;
}

/**
 * Learning rate at 1-based iteration `iter`: warm-up, then multi-step decay. With the spec's
 * settings (lr 0.01, 500 warm-up iterations at 1/3, steps 60k and 80k): i = 1..500 → 0.003333,
 * 501..60000 → 0.01, 60001..80000 → 0.001, then 0.0001.
 *
 * @example
 * ```ts
 * warmupMultiStepLr(501, { baseLr: 0.01, steps: [60000, 80000] }); // 0.01
 * ```
 */
export function warmupMultiStepLr(iter: number, o: LrScheduleOptions): number {
  const gamma = o.gamma ?? 0.1;
  const warmupIters = o.warmupIters ?? 500;
  const warmupFactor = o.warmupFactor ?? 1 / 3;
  // the scheduler has stepped (iter - 1) times when iteration `iter` runs
  const done = iter - 1;
  const decays = (o.steps ?? []).filter((s) => s <= done).length;
  let factor = 1;
  if (done < warmupIters) {
    factor =
      (o.warmupMethod ?? 'constant') === 'constant'
        ? warmupFactor
        : warmupFactor * (1 - done / warmupIters) + done / warmupIters;
  }
  return o.baseLr * factor * gamma ** decays;
}
