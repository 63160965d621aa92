import type { CandidateLists } from './candidate-lists';

/**
 * Inclusive-pixel area (x2 − x1 + 1)(y2 − y1 + 1) of GT `g` of `boxes` `[G, 4]` (xyxy), as the
 * official code computes GT areas (spec D4/M12).
 *
 * @example
 * ```ts
 * inclusiveArea(Float32Array.of(0, 0, 9, 4), 0); // 50
 * ```
 */
export function inclusiveArea(boxes: ArrayLike<number>, g: number): number {
  return (boxes[4 * g + 2]! - boxes[4 * g]! + 1) * (boxes[4 * g + 3]! - boxes[4 * g + 1]! + 1);
}

/**
 * The order in which GTs are processed: ascending inclusive-pixel area, ties by GT index (a
 * stable sort, D4). `boxes` is `[G, 4]` xyxy.
 *
 * @example
 * ```ts
 * gtProcessingOrder(Float32Array.of(0, 0, 9, 9, 0, 0, 1, 1), 2); // [1, 0]
 * ```
 */
export function gtProcessingOrder(boxes: ArrayLike<number>, G: number): number[] {
  const area = Float64Array.from({ length: G }, (_, g) => inclusiveArea(boxes, g));
  return Array.from({ length: G }, (_, g) => g).sort((a, b) => area[a]! - area[b]! || a - b);
}

/** The two GT slots of every point: `slot0[p]` / `slot1[p]` = its smallest / second-smallest candidate GT, or −1. */
export interface TwoSlots {
  /** `[P]` smallest candidate GT (by processing order) or −1. */
  slot0: Int32Array;
  /** `[P]` second-smallest candidate GT or −1 (a lone GT is duplicated here, as the official code does). */
  slot1: Int32Array;
}

/**
 * The official two-slot geometry (spec §3.2): each point competes for at most its two smallest
 * candidate GTs, in `order` (see {@link gtProcessingOrder}). `candidates` are the GTs' candidate
 * lists (see {@link candidateLists}). With exactly one GT, slot 1 duplicates slot 0 (the official
 * code pads a single GT column by repeating it).
 *
 * @example
 * ```ts
 * const { slot0, slot1 } = twoSlots(candidateLists(input, insideBoxCandidates), gtProcessingOrder(boxes, G), P);
 * ```
 */
export function twoSlots(candidates: CandidateLists, order: readonly number[], P: number): TwoSlots {
  const slot0 = new Int32Array(P).fill(-1);
  const slot1 = new Int32Array(P).fill(-1);
  const { start, points } = candidates;
  for (const g of order) {
    for (let i = start[g]!; i < start[g + 1]!; i++) {
      const p = points[i]!;
      if (slot0[p]! < 0) slot0[p] = g;
      else if (slot1[p]! < 0) slot1[p] = g;
    }
  }
  if (order.length === 1) slot1.set(slot0);
  return { slot0, slot1 };
}
