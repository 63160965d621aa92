import type { RawImage } from '../data/image/raw-image';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel, textWidth } from './bitmap-font';

/** One detection to draw: xyxy box in the image's pixels, class name, score. */
export interface DrawnDetection {
  box: [number, number, number, number];
  label: string;
  score: number;
}

const COLORS: Array<[number, number, number]> = [
  [230, 25, 75],
  [60, 180, 75],
  [255, 225, 25],
  [0, 130, 200],
  [245, 130, 48],
  [145, 30, 180],
  [70, 240, 240],
  [240, 50, 230],
];

/**
 * Draws boxes and "label score" tags onto a copy of `image` (pure JS, no fonts or native
 * modules), upscaled by `scale` so small images stay readable. Colours follow the class; the most
 * confident detection is drawn last, so its tag is the one on top where tags overlap.
 *
 * @example
 * ```ts
 * const out = drawDetections(img, [{ box: [10, 10, 50, 40], label: 'ring', score: 0.91 }], { classNames });
 * writeFileSync('det.png', encodePng(out));
 * ```
 */
export function drawDetections(
  image: RawImage,
  detections: DrawnDetection[],
  options: { classNames?: string[]; scale?: number } = {},
): RawImage {
  const s = Math.max(1, Math.floor(options.scale ?? (image.width < 400 ? Math.ceil(400 / image.width) : 1)));
  const fontScale = s >= 3 ? 2 : 1;
  const W = image.width * s;
  const H = image.height * s;
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const src = 3 * (Math.floor(y / s) * image.width + Math.floor(x / s));
      data.set(image.data.subarray(src, src + 3), 3 * (y * W + x));
    }
  const put = (x: number, y: number, c: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    data.set(c, 3 * (y * W + x));
  };
  // least confident first: where boxes of one object overlap, the most confident tag ends on top
  for (const d of [...detections].sort((a, b) => a.score - b.score)) {
    const classIndex = options.classNames?.indexOf(d.label) ?? -1;
    const color = COLORS[(classIndex >= 0 ? classIndex : d.label.length) % COLORS.length]!;
    const [x1, y1, x2, y2] = d.box.map((v) => Math.round(v * s)) as [number, number, number, number];
    for (let t = 0; t < 2; t++) {
      for (let x = x1; x <= x2; x++) {
        put(x, y1 + t, color);
        put(x, y2 - t, color);
      }
      for (let y = y1; y <= y2; y++) {
        put(x1 + t, y, color);
        put(x2 - t, y, color);
      }
    }
    const text = `${d.label} ${(100 * d.score).toFixed(0)}%`;
    const f = fontScale;
    const th = (GLYPH_HEIGHT + 4) * f;
    const tw = (textWidth(text) + 4) * f;
    const ty = y1 - th >= 0 ? y1 - th : y1 + 2;
    for (let y = ty; y < ty + th; y++) for (let x = x1; x < x1 + tw; x++) put(x, y, color);
    [...text].forEach((ch, i) => {
      for (let r = 0; r < GLYPH_HEIGHT * f; r++)
        for (let c = 0; c < GLYPH_WIDTH * f; c++)
          if (glyphPixel(ch, Math.floor(c / f), Math.floor(r / f)))
            put(x1 + 2 * f + i * (GLYPH_WIDTH + 1) * f + c, ty + 2 * f + r, [0, 0, 0]);
    });
  }
  return { width: W, height: H, data };
}
