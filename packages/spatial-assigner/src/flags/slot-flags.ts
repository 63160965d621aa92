/**
 * The per-point slot flags of the official loop (spec §3.4, §3.5.3, §3.5.6, §3.5.8). A point starts with slot 0 open.
 * After a GT is processed, its candidates close slot 0; slot 1 opens only for candidates that had
 * slot 0 open, were not selected and have a second GT. A GT that selects nothing or hits a point
 * already owned by an earlier GT (the conflict guard) closes both slots of all its candidates.
 *
 * @example
 * ```ts
 * const flags = new SlotFlags(P);
 * flags.openSlot(p); // 0, 1, or -1 when the point is closed
 * ```
 */
export class SlotFlags {
  private readonly open0: Uint8Array;
  private readonly open1: Uint8Array;

  /** `P` points, all with slot 0 open. */
  constructor(P: number) {
    this.open0 = new Uint8Array(P).fill(1);
    this.open1 = new Uint8Array(P);
  }

  /** The slot point `p` currently competes with: 0, 1, or −1 if closed. */
  openSlot(p: number): number {
    return this.open0[p] ? 0 : this.open1[p] ? 1 : -1;
  }

  /** Closes both slots of every point in `inside` (GT with no selection, or a conflict). */
  closeAll(inside: ArrayLike<number>): void {
    for (let i = 0; i < inside.length; i++) {
      const p = inside[i]!;
      this.open0[p] = 0;
      this.open1[p] = 0;
    }
  }

  /**
   * Update after a GT selected `selected`: each of its candidates `inside` closes slot 0 and opens
   * slot 1 iff slot 0 was open, it was not selected and `hasSecond(p)`.
   */
  afterSelection(
    inside: ArrayLike<number>,
    selected: ReadonlySet<number>,
    hasSecond: (p: number) => boolean,
  ): void {
    for (let i = 0; i < inside.length; i++) {
      const p = inside[i]!;
      const wasOpen = this.open0[p]!;
      this.open0[p] = 0;
      this.open1[p] = wasOpen && !selected.has(p) && hasSecond(p) ? 1 : 0;
    }
  }
}

/**
 * The conflict guard (spec §3.5.6): true when a selected pool entry's point already belongs to an
 * earlier GT (`owner[p] ≥ 0`); the official code then drops the whole selection of this GT.
 *
 * @example
 * ```ts
 * if (hasConflict(chosenPoints, assignment.gtIndex)) flags.closeAll(inside);
 * ```
 */
export function hasConflict(points: readonly number[], owner: ArrayLike<number>): boolean {
  return points.some((p) => owner[p]! >= 0);
}
