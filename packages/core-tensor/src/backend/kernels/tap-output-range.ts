/**
 * The outputs `[lo, hi)` of one conv axis whose tap, offset by `off` (tap·dilation − padding),
 * reads inside an input of `size`: 0 ≤ o·stride + off < size, for o < `out`. Empty (hi ≤ lo) for a
 * tap that reads only padding.
 */
export function tapOutputRange(off: number, stride: number, size: number, out: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.ceil(-off / stride);
  const hi = Math.min(out, Math.floor((size - 1 - off) / stride) + 1);
  return [lo, hi];
}
