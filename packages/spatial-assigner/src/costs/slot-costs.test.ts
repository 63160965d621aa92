import type { AssignerInput } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { candidateListsFromMask } from '../candidates/candidate-lists';
import { gtProcessingOrder, twoSlots } from '../candidates/two-slot';
import { SlotCosts } from './slot-costs';

// One point (16, 16) at stride 8, C = 3, logits (−4.59512, 0, 2), predicted distances (1, 1, 1, 1).
// GT0 [0, 8, 24, 32] class 1 (area 625): target (2, 1, 1, 2); GT1 [0, 0, 32, 32] class 2 (area 1089):
// target (2, 2, 2, 2). Expected values by hand from spec §1.6/§7.1 (Python float64 for the focal sums).
const input: AssignerInput = {
  points: Float32Array.of(16, 16),
  strides: Float32Array.of(8),
  levels: Int32Array.of(0),
  numLevels: 1,
  gtBoxes: Float32Array.of(0, 8, 24, 32, 0, 0, 32, 32),
  gtLabels: Int32Array.of(1, 2),
  predictions: {
    numClasses: 3,
    clsLogits: Float32Array.of(-4.59512, 0, 2),
    boxDistances: Float32Array.of(1, 1, 1, 1),
  },
};
const slots = twoSlots(
  candidateListsFromMask(Uint8Array.of(1, 1), 2, 1),
  gtProcessingOrder(input.gtBoxes, 2),
  1,
);
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);

describe('per-(point, slot) costs (spec §3.3), P=1 C=3 G=2', () => {
  it('slot 0: focal one-hot on class 1 = 1.2808811 (§7.1); 1 − GIoU((1,1,1,1), (2,1,1,2)) = 0.5', () => {
    const costs = new SlotCosts(input, slots);
    close(costs.cls(0, 0), 1.2808811);
    close(costs.reg[0][0]!, 0.5);
  });

  it('slot 1 multi-hot {1, 2} = 0.0437733; 1 − GIoU((1,1,1,1), (2,2,2,2)) = 1 − 5/17', () => {
    const costs = new SlotCosts(input, slots);
    close(costs.cls(1, 0), 0.0437733);
    close(costs.reg[1][0]!, 1 - 5 / 17);
  });

  it('slot 1 one-hot {2} = 0.1304167; slot 0 unchanged', () => {
    const costs = new SlotCosts(input, slots, { multiHot: false });
    close(costs.cls(1, 0), 0.1304167);
    close(costs.cls(0, 0), 1.2808811);
  });

  it('points without a slot are left at 0 and not read', () => {
    const none = twoSlots(candidateListsFromMask(Uint8Array.of(0, 0), 2, 1), [0, 1], 1);
    const costs = new SlotCosts(
      { ...input, predictions: { ...input.predictions!, clsLogits: Float32Array.of(Number.NaN, 0, 0) } },
      none,
    );
    expect([costs.swing[0][0], costs.swing[1][0], costs.reg[0][0], costs.reg[1][0]]).toEqual([0, 0, 0, 0]);
    expect(costs.mayBeNaNAt(0)).toBe(false);
  });

  it('bounds enclose the exact cost of both slots, and are the exact cost once it is known', () => {
    const costs = new SlotCosts(input, slots);
    expect(costs.hasBounds).toBe(true);
    const bounds = ([0, 1] as const).map((k) => [costs.lowerBound(k, 0), costs.upperBound(k, 0)]);
    for (const k of [0, 1] as const) {
      const exact = costs.cost(k, 0);
      expect(bounds[k]![0]).toBeLessThanOrEqual(exact);
      expect(bounds[k]![1]).toBeGreaterThanOrEqual(exact);
      expect(bounds[k]![1]! - bounds[k]![0]!).toBeLessThan(0.05);
      expect([costs.lowerBound(k, 0), costs.upperBound(k, 0)]).toEqual([exact, exact]);
    }
  });

  it('a NaN or infinite logit marks the point (its costs may be NaN); no bounds for α > 1', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const costs = new SlotCosts(
        { ...input, predictions: { ...input.predictions!, clsLogits: Float32Array.of(bad, 0, 0) } },
        slots,
      );
      expect(costs.mayBeNaNAt(0)).toBe(true);
    }
    expect(new SlotCosts(input, slots, { alpha: 1.5 }).hasBounds).toBe(false);
  });
});
