import {
  estimateTextWidth,
  layoutOverlay,
  type MeasureText,
  type OverlayBox,
  overlaySvg,
  rasterizeOverlay,
  rasterizeSvg,
  resvgTextMeasure,
} from '@aligndet/coco-eval/plot';
import { encodePng } from '../data/image/encode-png';
import type { RawImage } from '../data/image/raw-image';
import { loadResvgSync } from './load-resvg';

/** One box to draw: xyxy in the image's pixels, class name, score (none for ground truth). */
export interface DrawnDetection {
  box: [number, number, number, number];
  label: string;
  score?: number;
  /** Ground truth is drawn dashed. Default `prediction`. */
  kind?: 'prediction' | 'ground-truth';
}

/** A drawn picture: PNG bytes, and the same drawing as SVG (image embedded). */
export interface DrawnImage {
  png: Uint8Array;
  svg: string;
  /**
   * False when resvg is missing (the PNG then has boxes and blank tags) or finds no font (blank
   * tags too); the SVG has the text either way.
   */
  textDrawn: boolean;
}

let measure: MeasureText | undefined;

/**
 * Draws boxes and "label score" tags over `image` at its own resolution: an SVG overlay (the
 * image embedded, boxes, tags sized to the measured text, black or white text by contrast, tags
 * placed so they do not cover each other; layout in `@aligndet/coco-eval/plot`) rasterised by
 * `@resvg/resvg-js` with the system fonts. Without resvg the PNG is drawn in plain JS with the
 * boxes and the tags' colour bars but no text; the returned SVG still carries the labels.
 * Colours follow the class index in `classNames`.
 *
 * @example
 * ```ts
 * const { png } = drawDetections(img, [{ box: [10, 10, 50, 40], label: 'ring', score: 0.91 }], { classNames });
 * writeFileSync('det.png', png);
 * ```
 */
export function drawDetections(
  image: RawImage,
  detections: DrawnDetection[],
  options: { classNames?: string[] } = {},
): DrawnImage {
  const resvg = loadResvgSync();
  measure ??= resvg ? resvgTextMeasure(resvg) : estimateTextWidth;
  const boxes: OverlayBox[] = detections.map((d) => {
    const i = options.classNames?.indexOf(d.label) ?? -1;
    return { ...d, classIndex: i >= 0 ? i : [...d.label].reduce((h, c) => h + c.codePointAt(0)!, 0) };
  });
  const layout = layoutOverlay(image.width, image.height, boxes, { measureText: measure });
  const source = encodePng(image);
  const svg = overlaySvg(layout, `data:image/png;base64,${Buffer.from(source).toString('base64')}`);
  if (resvg) return { png: rasterizeSvg(resvg, svg), svg, textDrawn: measure('x', 10) > 0 };
  return { png: encodePng(rasterizeOverlay(image, layout)), svg, textDrawn: false };
}
