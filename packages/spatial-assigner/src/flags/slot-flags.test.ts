import { describe, expect, it } from 'vitest';
import { hasConflict, SlotFlags } from './slot-flags';

describe('slot flags and conflict guard (spec §3.4, §3.5.6, §3.5.8)', () => {
  it('P=4: slot 1 opens only for unselected points that had slot 0 open and have a second GT', () => {
    const f = new SlotFlags(4);
    expect([0, 1, 2, 3].map((p) => f.openSlot(p))).toEqual([0, 0, 0, 0]);
    // GT covers points 0..2; point 0 selected; point 2 has no second GT; point 3 untouched
    f.afterSelection([0, 1, 2], new Set([0]), (p) => p !== 2);
    expect([0, 1, 2, 3].map((p) => f.openSlot(p))).toEqual([-1, 1, -1, 0]);
    // a later GT covering point 1 again: its slot 0 was already closed, so slot 1 closes for good
    f.afterSelection([1], new Set(), () => true);
    expect(f.openSlot(1)).toBe(-1);
  });

  it('closeAll closes both slots of the given points only', () => {
    const f = new SlotFlags(3);
    f.afterSelection([0], new Set(), () => true);
    f.closeAll([0, 1]);
    expect([0, 1, 2].map((p) => f.openSlot(p))).toEqual([-1, -1, 0]);
  });

  it('conflict when any chosen point already has an owner', () => {
    const owner = Int32Array.of(-1, 3, -1);
    expect(hasConflict([0, 2], owner)).toBe(false);
    expect(hasConflict([0, 1], owner)).toBe(true);
  });
});
