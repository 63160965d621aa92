import { type AssignerInput, distanceGiou } from '@aligndet/core-tensor';
import type { TwoSlots } from '../candidates/two-slot';
import { focalNegativeSum, focalSwing } from './focal-cost';
import { type FocalBoundTable, focalBoundTable, focalBoundsOut, focalNegativeBounds } from './focal-bounds';
import { strideTarget } from './stride-target';

/** Options of {@link SlotCosts}. */
export interface SlotCostOptions {
  /** Focal α. Default 0.25. */
  alpha?: number;
  /** Focal γ. Default 2. */
  gamma?: number;
  /** Slot-1 classification target holds both slots' classes (official, M6). Default true. */
  multiHot?: boolean;
}

/**
 * The costs of every (point, slot) that exists (spec §3.3), float64, from plain arrays (no
 * gradient): Lcls = sigmoid focal loss over all C classes with the slot's GT class(es) as
 * positives; Lreg = 1 − GIoU between the predicted and target distances in stride units (with the
 * +1 smoothing of core-tensor's `distanceGiou`). Predictions: `clsLogits` `[P, C]`, `boxDistances`
 * `[P, 4]` (l, t, r, b) / stride.
 *
 * Lcls = N(p) + S_k(p): the background sum N over all classes (the same for both slots of a point)
 * plus the slot's positive swing. N is most of the assigner's time and is needed exactly only for
 * the few candidates that can be in a level's top-k, so it is computed on first use
 * ({@link SlotCosts.cls}); {@link SlotCosts.lowerBound} and {@link SlotCosts.upperBound} are cheap
 * bounds to find those candidates. The exact values are those of an eager computation, bit for bit.
 *
 * @example
 * ```ts
 * const costs = new SlotCosts(input, twoSlots(candidates, order, P));
 * costs.cls(0, p) + costs.reg[0][p]; // total cost of point p for its smallest GT
 * ```
 */
export class SlotCosts {
  /** `reg[k][p]` = Lreg of slot k of point p; 0 where the slot is empty. */
  readonly reg: [Float64Array, Float64Array];
  /** `swing[k][p]` = S_k(p), what the slot's positive class(es) add to N(p); 0 where the slot is empty. */
  readonly swing: [Float64Array, Float64Array];
  private readonly logits: ArrayLike<number>;
  private readonly C: number;
  private readonly alpha: number;
  private readonly gamma: number;
  private readonly negatives: Float64Array;
  private readonly known: Uint8Array;
  /** `[P]` lower and upper bounds of N(p); absent when no bound table exists for these α, γ. */
  private readonly negativesLower: Float64Array | undefined;
  private readonly negativesUpper: Float64Array | undefined;
  /** `[P]` 1 where a cost may be NaN (a non-finite logit, swing or Lreg). */
  private readonly mayBeNaN: Uint8Array;

  constructor(input: AssignerInput, slots: TwoSlots, options: SlotCostOptions = {}) {
    const { alpha = 0.25, gamma = 2, multiHot = true } = options;
    const pred = input.predictions!;
    const C = pred.numClasses;
    const P = input.strides.length;
    this.logits = pred.clsLogits;
    this.C = C;
    this.alpha = alpha;
    this.gamma = gamma;
    this.negatives = new Float64Array(P);
    this.known = new Uint8Array(P);
    this.reg = [new Float64Array(P), new Float64Array(P)];
    this.swing = [new Float64Array(P), new Float64Array(P)];
    const table: FocalBoundTable | undefined = focalBoundTable(alpha, gamma);
    const lower = table ? new Float64Array(P) : undefined;
    const upper = table ? new Float64Array(P) : undefined;
    this.negativesLower = lower;
    this.negativesUpper = upper;
    const nan = new Uint8Array(P);
    this.mayBeNaN = nan;
    const t = new Float64Array(4);
    for (let p = 0; p < P; p++) {
      const g0 = slots.slot0[p]!;
      if (g0 < 0) continue;
      if (table) {
        focalNegativeBounds(pred.clsLogits, p, C, table);
        lower![p] = focalBoundsOut[0]!;
        upper![p] = focalBoundsOut[1]!;
        if (!Number.isFinite(focalBoundsOut[2]!)) nan[p] = 1;
      } else nan[p] = 1;
      const c0 = input.gtLabels[g0]!;
      const swing0 = focalSwing(pred.clsLogits[p * C + c0]!, alpha, gamma);
      this.swing[0][p] = swing0;
      strideTarget(input.points, input.strides, input.gtBoxes, p, g0, t, 0);
      this.reg[0][p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
      if (!Number.isFinite(swing0 + this.reg[0][p]!)) nan[p] = 1;
      const g1 = slots.slot1[p]!;
      if (g1 < 0) continue;
      const c1 = input.gtLabels[g1]!;
      const swing1 = focalSwing(pred.clsLogits[p * C + c1]!, alpha, gamma);
      this.swing[1][p] = multiHot ? (c1 === c0 ? swing0 : swing0 + swing1) : swing1;
      strideTarget(input.points, input.strides, input.gtBoxes, p, g1, t, 0);
      this.reg[1][p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
      if (!Number.isFinite(swing1 + this.reg[1][p]!)) nan[p] = 1;
    }
  }

  /** Exact Lcls of slot `k` of point `p` (a point that has that slot). */
  cls(k: 0 | 1, p: number): number {
    if (!this.known[p]) {
      this.negatives[p] = focalNegativeSum(this.logits, p, this.C, this.alpha, this.gamma);
      this.known[p] = 1;
    }
    return this.negatives[p]! + this.swing[k][p]!;
  }

  /** Exact total cost Lcls + Lreg of slot `k` of point `p`. */
  cost(k: 0 | 1, p: number): number {
    return this.cls(k, p) + this.reg[k][p]!;
  }

  /** True when {@link SlotCosts.lowerBound} and {@link SlotCosts.upperBound} exist (0 ≤ α ≤ 1, γ ≥ 0). */
  get hasBounds(): boolean {
    return this.negativesLower !== undefined;
  }

  /**
   * Bounds `lowerBound(k, p) ≤ cost(k, p) ≤ upperBound(k, p)` in floating point, without the exact
   * background sum (the exact cost once it is known). Valid unless {@link SlotCosts.mayBeNaNAt}(p).
   */
  lowerBound(k: 0 | 1, p: number): number {
    if (this.known[p]) return this.cost(k, p);
    return this.negativesLower![p]! + this.swing[k][p]! + this.reg[k][p]!;
  }

  /** See {@link SlotCosts.lowerBound}. */
  upperBound(k: 0 | 1, p: number): number {
    if (this.known[p]) return this.cost(k, p);
    return this.negativesUpper![p]! + this.swing[k][p]! + this.reg[k][p]!;
  }

  /**
   * True when a cost of point p may be NaN or the bounds do not hold: NaN costs compare false,
   * so the top-k then depends on the order of the offers, and every candidate must be offered.
   */
  mayBeNaNAt(p: number): boolean {
    return this.mayBeNaN[p] === 1;
  }
}
