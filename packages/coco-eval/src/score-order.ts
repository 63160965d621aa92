/**
 * The indices 0 … n−1 of `scores` in descending score order, ties by ascending index (a stable
 * sort of −score, pycocotools' `np.argsort(-scores, kind='mergesort')`), as an LSD radix sort on
 * the scores' bits: eight byte passes, each skipped when every key has the same byte, so sorting
 * thousands of detections per category costs a few linear passes instead of a comparator call per
 * comparison. −0 sorts as 0. Scores with a NaN fall back to the comparator sort (NaN has no order).
 *
 * @example
 * ```ts
 * descendingScoreOrder(Float64Array.of(0.5, 0.9, 0.5), 3); // Int32Array [1, 0, 2]
 * ```
 */
export function descendingScoreOrder(scores: Float64Array, n: number): Int32Array {
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  // key bytes: the bits of the score mapped so that unsigned ascending = descending score
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const little = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) return order.sort((x, y) => scores[y]! - scores[x]! || x - y);
    bits[0] = s === 0 ? 0 : s;
    let h = words[little ? 1 : 0]!;
    let l = words[little ? 0 : 1]!;
    // ascending order of doubles as unsigned: flip all bits of negatives, the sign bit of the rest
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h ^= 0x80000000;
    hi[i] = ~h >>> 0; // descending: the complement
    lo[i] = ~l >>> 0;
  }
  let next = new Int32Array(n);
  const count = new Int32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const words32 = pass < 4 ? lo : hi;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words32[i]! >>> shift) & 255]!++;
    if (count[(words32[0]! >>> shift) & 255] === n) continue; // every key has this byte
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      next[count[(words32[j]! >>> shift) & 255]!++] = j;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}
