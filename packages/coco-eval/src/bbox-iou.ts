/**
 * IoU of detection `d` and ground-truth box `g` (xywh), in pycocotools' exact arithmetic order
 * (maskApi.c `bbIou`): w = min(dx + dw, gx + gw) − max(dx, gx), likewise h; 0 if either ≤ 0;
 * i = w·h; u = (dw·dh + gw·gh) − i, or dw·dh for a crowd GT; IoU = i / u. A mathematically equal
 * formula gives different last bits and flips matches at thresholds.
 */
export function bboxIou(dt: Float64Array, d: number, gt: Float64Array, g: number, crowd: boolean): number {
  const dx = dt[4 * d]!;
  const dy = dt[4 * d + 1]!;
  const dw = dt[4 * d + 2]!;
  const dh = dt[4 * d + 3]!;
  const gx = gt[4 * g]!;
  const gy = gt[4 * g + 1]!;
  const gw = gt[4 * g + 2]!;
  const gh = gt[4 * g + 3]!;
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (w <= 0) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (h <= 0) return 0;
  const i = w * h;
  const da = dw * dh;
  const u = crowd ? da : da + gw * gh - i;
  return i / u;
}
