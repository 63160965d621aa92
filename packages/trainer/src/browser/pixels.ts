import type { RawImage } from '../data/image/raw-image';

/** Pixels a page has: an `ImageData` (RGBA, e.g. from a canvas) or RGB / RGBA bytes. */
export interface Pixels {
  width: number;
  height: number;
  /** `[height, width, channels]` bytes, row-major. */
  data: Uint8Array | Uint8ClampedArray;
  /** 3 (RGB) or 4 (RGBA, alpha ignored). Default: from `data.length`. */
  channels?: 3 | 4;
}

/** The detector's input image (8-bit RGB) from page pixels; alpha is dropped. */
export function rgbFromPixels(pixels: Pixels): RawImage {
  const { width, height, data } = pixels;
  const channels = pixels.channels ?? data.length / (width * height);
  if (channels !== 3 && channels !== 4)
    throw new RangeError(
      `pixels: data has ${data.length} bytes for ${width}×${height}, expected 3 or 4 per pixel`,
    );
  if (channels === 3)
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    rgb[3 * i] = data[j]!;
    rgb[3 * i + 1] = data[j + 1]!;
    rgb[3 * i + 2] = data[j + 2]!;
  }
  return { width, height, data: rgb };
}
