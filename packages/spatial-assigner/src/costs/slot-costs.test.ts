import type { AssignerInput } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';
import { candidateListsFromMask } from '../candidates/candidate-lists';
import { gtProcessingOrder, twoSlots } from '../candidates/two-slot';
import { slotCosts } from './slot-costs';

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
    const { cls, reg } = slotCosts(input, slots);
    close(cls[0][0]!, 1.2808811);
    close(reg[0][0]!, 0.5);
  });

  it('slot 1 multi-hot {1, 2} = 0.0437733; 1 − GIoU((1,1,1,1), (2,2,2,2)) = 1 − 5/17', () => {
    const { cls, reg } = slotCosts(input, slots);
    close(cls[1][0]!, 0.0437733);
    close(reg[1][0]!, 1 - 5 / 17);
  });

  it('slot 1 one-hot {2} = 0.1304167; slot 0 unchanged', () => {
    const { cls } = slotCosts(input, slots, { multiHot: false });
    close(cls[1][0]!, 0.1304167);
    close(cls[0][0]!, 1.2808811);
  });

  it('points without a slot are left at 0 and not read', () => {
    const none = twoSlots(candidateListsFromMask(Uint8Array.of(0, 0), 2, 1), [0, 1], 1);
    const { cls, reg } = slotCosts(
      { ...input, predictions: { ...input.predictions!, clsLogits: Float32Array.of(Number.NaN, 0, 0) } },
      none,
    );
    expect([cls[0][0], cls[1][0], reg[0][0], reg[1][0]]).toEqual([0, 0, 0, 0]);
  });
});
