import type { RawImage } from './raw-image';

/**
 * Turns an image as stored into the image as displayed, by its EXIF orientation tag (1–8; TIFF
 * 6.0 / EXIF 2.3 `Orientation`): 2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90°
 * clockwise, 7 transverse, 8 rotate 90° counter-clockwise. 5–8 swap width and height. Phone
 * photos are stored sideways with 6 or 8.
 *
 * @example
 * ```ts
 * const upright = applyExifOrientation(decoded, 6); // upright.width === decoded.height
 * ```
 */
export function applyExifOrientation(image: RawImage, orientation: number | undefined): RawImage {
  if (!orientation || orientation === 1 || orientation > 8) return image;
  const { width: W, height: H, data } = image;
  const swap = orientation >= 5;
  const w = swap ? H : W;
  const h = swap ? W : H;
  // source pixel of output pixel (x, y)
  const src: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * W + (W - 1 - x),
    3: (x: number, y: number) => (H - 1 - y) * W + (W - 1 - x),
    4: (x: number, y: number) => (H - 1 - y) * W + x,
    5: (x: number, y: number) => x * W + y,
    6: (x: number, y: number) => (H - 1 - x) * W + y,
    7: (x: number, y: number) => (H - 1 - x) * W + (W - 1 - y),
    8: (x: number, y: number) => x * W + (W - 1 - y),
  }[orientation]!;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const s = 3 * src(x, y);
      const o = 3 * (y * w + x);
      out[o] = data[s]!;
      out[o + 1] = data[s + 1]!;
      out[o + 2] = data[s + 2]!;
    }
  return { width: w, height: h, data: out };
}
