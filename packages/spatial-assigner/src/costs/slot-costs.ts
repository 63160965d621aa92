import { type AssignerInput, distanceGiou } from '@aligndet/core-tensor';
import { focalNegativeSum, focalSwing } from './focal-cost';
import type { TwoSlots } from '../candidates/two-slot';
import { strideTarget } from './stride-target';

/** Per-(point, slot) costs: `cls[k][p]`, `reg[k][p]` for slot k ∈ {0, 1}; 0 where the slot is empty. */
export interface SlotCosts {
  cls: [Float64Array, Float64Array];
  reg: [Float64Array, Float64Array];
}

/** Options of {@link slotCosts}. */
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
 * +1 smoothing of core-tensor's `distanceGiou`). Only points with a slot are touched. Predictions:
 * `clsLogits` `[P, C]`, `boxDistances` `[P, 4]` (l, t, r, b) / stride.
 *
 * @example
 * ```ts
 * const { cls, reg } = slotCosts(input, twoSlots(mask, order, P));
 * cls[0][p] + reg[0][p]; // total cost of point p for its smallest GT
 * ```
 */
export function slotCosts(input: AssignerInput, slots: TwoSlots, options: SlotCostOptions = {}): SlotCosts {
  const { alpha = 0.25, gamma = 2, multiHot = true } = options;
  const pred = input.predictions!;
  const C = pred.numClasses;
  const P = input.strides.length;
  const cls: SlotCosts['cls'] = [new Float64Array(P), new Float64Array(P)];
  const reg: SlotCosts['reg'] = [new Float64Array(P), new Float64Array(P)];
  const t = new Float64Array(4);
  for (let p = 0; p < P; p++) {
    const g0 = slots.slot0[p]!;
    if (g0 < 0) continue;
    const c0 = input.gtLabels[g0]!;
    const negatives = focalNegativeSum(pred.clsLogits, p, C, alpha, gamma);
    const swing0 = focalSwing(pred.clsLogits[p * C + c0]!, alpha, gamma);
    cls[0][p] = negatives + swing0;
    strideTarget(input.points, input.strides, input.gtBoxes, p, g0, t, 0);
    reg[0][p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
    const g1 = slots.slot1[p]!;
    if (g1 < 0) continue;
    const c1 = input.gtLabels[g1]!;
    const swing1 = focalSwing(pred.clsLogits[p * C + c1]!, alpha, gamma);
    cls[1][p] = negatives + (multiHot ? (c1 === c0 ? swing0 : swing0 + swing1) : swing1);
    strideTarget(input.points, input.strides, input.gtBoxes, p, g1, t, 0);
    reg[1][p] = 1 - distanceGiou(pred.boxDistances, p, t, 0);
  }
  return { cls, reg };
}
