import type { RawImage } from '../image/raw-image';

/**
 * The output size of FCOS's resize rule (spec §1.1): the shorter side becomes `minSize` unless the
 * longer side would then exceed `maxSize`, in which case the longer side becomes `maxSize`.
 * Orientation is preserved; sizes are truncated to integers, and are at least 1.
 *
 * @example
 * ```ts
 * resizedSize(640, 480, 800, 1333); // { width: 1066, height: 800 }
 * ```
 */
export function resizedSize(
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
): { width: number; height: number } {
  const shorter = Math.min(width, height);
  const longer = Math.max(width, height);
  let s = minSize;
  if ((longer / shorter) * s > maxSize) s = Math.round((maxSize * shorter) / longer);
  // a very thin image (1×1000) would round its short side to 0 pixels: it gets 1, and its long
  // side maxSize
  const thin = s < 1;
  s = Math.max(1, s);
  const long = (side: number) => (thin ? Math.min(maxSize, Math.max(1, Math.trunc(side))) : Math.trunc(side));
  if (width <= height) return { width: s, height: long((s * height) / width) };
  return { width: long((s * width) / height), height: s };
}

/**
 * Bilinear resize of an RGB image (half-pixel centres, edge clamped) to `width`×`height`, returning
 * float RGB in 0..255, `[height, width, 3]`.
 */
export function resizeBilinear(image: RawImage, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  const sx = image.width / width;
  const sy = image.height / height;
  const src = image.data;
  const W = image.width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), image.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, image.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), W - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, W - 1);
      const wx = fx - x0;
      const o = 3 * (y * width + x);
      const a = 3 * (y0 * W + x0);
      const b = 3 * (y0 * W + x1);
      const c = 3 * (y1 * W + x0);
      const d = 3 * (y1 * W + x1);
      for (let k = 0; k < 3; k++) {
        const top = src[a + k]! + (src[b + k]! - src[a + k]!) * wx;
        const bot = src[c + k]! + (src[d + k]! - src[c + k]!) * wx;
        out[o + k] = top + (bot - top) * wy;
      }
    }
  }
  return out;
}

/** Scales xyxy boxes in place by (sx, sy). */
export function scaleBoxes(boxes: Float32Array, sx: number, sy: number): Float32Array {
  for (let i = 0; i < boxes.length; i += 4) {
    boxes[i] = boxes[i]! * sx;
    boxes[i + 1] = boxes[i + 1]! * sy;
    boxes[i + 2] = boxes[i + 2]! * sx;
    boxes[i + 3] = boxes[i + 3]! * sy;
  }
  return boxes;
}
