import { describe, expect, it } from 'vitest';
import { candidateListsFromMask } from './candidate-lists';
import { gtProcessingOrder, inclusiveArea, twoSlots } from './two-slot';

describe('two-slot candidate geometry (spec §3.2, D4/M12)', () => {
  it('inclusive-pixel area of box [0,0,9,4] is 10·5 = 50', () => {
    expect(inclusiveArea(Float32Array.of(0, 0, 9, 4), 0)).toBe(50);
  });

  it('G=3 order: ascending area, equal areas by GT index (areas 121, 36, 36 -> [1, 2, 0])', () => {
    const boxes = Float32Array.of(0, 0, 10, 10, 5, 5, 10, 10, 0, 0, 5, 5);
    expect(gtProcessingOrder(boxes, 3)).toEqual([1, 2, 0]);
  });

  it('P=4 G=3: each point keeps its two smallest GTs in processing order, a third is ignored', () => {
    // mask [G, P]: point 0 in GTs 0,1,2; point 1 in GT 0 only; point 2 in none; point 3 in GTs 0,2
    const mask = Uint8Array.of(1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1);
    const { slot0, slot1 } = twoSlots(candidateListsFromMask(mask, 3, 4), [2, 1, 0], 4);
    expect(Array.from(slot0)).toEqual([2, 0, -1, 2]);
    expect(Array.from(slot1)).toEqual([1, -1, -1, 0]);
  });

  it('P=3 G=1: a lone GT is duplicated into slot 1 (official single-column padding)', () => {
    const { slot0, slot1 } = twoSlots(candidateListsFromMask(Uint8Array.of(1, 0, 1), 1, 3), [0], 3);
    expect(Array.from(slot0)).toEqual([0, -1, 0]);
    expect(Array.from(slot1)).toEqual([0, -1, 0]);
  });
});
