import { parseHexColor } from './colors';
import type { OverlayLayout } from './overlay-layout';

/** An RGB image, 3 bytes per pixel, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The no-native fallback of an overlay: draws the boxes (dashes for ground truth) and the tags'
 * coloured rectangles onto a copy of `image` in plain JS, without text (text needs a font
 * rasteriser; the SVG from {@link overlaySvg} carries it).
 *
 * @example
 * ```ts
 * const drawn = rasterizeOverlay(image, layoutOverlay(image.width, image.height, boxes));
 * ```
 */
export function rasterizeOverlay(image: RgbImage, layout: OverlayLayout): RgbImage {
  const { width: W, height: H } = image;
  const data = new Uint8Array(image.data);
  const put = (x: number, y: number, c: [number, number, number]) => {
    if (x >= 0 && y >= 0 && x < W && y < H) data.set(c, 3 * (y * W + x));
  };
  const lw = layout.lineWidth;
  for (const it of layout.items) {
    const c = parseHexColor(it.color);
    const [x1, y1, x2, y2] = it.box.map(Math.round) as [number, number, number, number];
    const on = (i: number) => !it.dashed || Math.floor(i / (2 * lw)) % 2 === 0;
    for (let t = 0; t < lw; t++) {
      for (let x = x1; x <= x2; x++)
        if (on(x - x1)) {
          put(x, y1 + t, c);
          put(x, y2 - t, c);
        }
      for (let y = y1; y <= y2; y++)
        if (on(y - y1)) {
          put(x1 + t, y, c);
          put(x2 - t, y, c);
        }
    }
  }
  for (const { tag, color } of layout.items) {
    const c = parseHexColor(color);
    for (let y = tag.y; y < tag.y + tag.height; y++)
      for (let x = tag.x; x < tag.x + tag.width; x++) put(x, y, c);
  }
  return { width: W, height: H, data };
}
