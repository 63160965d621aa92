import { classColor, textColorOn } from './colors';
import { estimateTextWidth, type MeasureText } from './text-width';

/** One box to draw: xyxy in the image's pixels. */
export interface OverlayBox {
  box: [number, number, number, number];
  label: string;
  /** Shown after the label as `0.87` when given (detections); omitted for ground truth. */
  score?: number;
  /** Picks the colour (index into the class list); boxes of one class share it. */
  classIndex: number;
  /** Ground truth is drawn dashed. Default `prediction`. */
  kind?: 'prediction' | 'ground-truth';
}

/** Options of {@link layoutOverlay}. */
export interface OverlayLayoutOptions {
  /** Font size in px; default scales with the image: max(11, 2.8 % of the mean side). */
  fontSize?: number;
  /** Box line width in px; default max(2, 0.3 % of the mean side). */
  lineWidth?: number;
  /** Text measurer; default {@link estimateTextWidth}. */
  measureText?: MeasureText;
}

/** A tag: a filled rectangle in the class colour with the text in black or white. */
export interface PlacedTag {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  fontSize: number;
  /** Text baseline, px from the image top. */
  baseline: number;
  textColor: string;
}

/** Everything needed to draw an overlay, in image pixels, in drawing order. */
export interface OverlayLayout {
  width: number;
  height: number;
  lineWidth: number;
  items: Array<{ box: [number, number, number, number]; color: string; dashed: boolean; tag: PlacedTag }>;
}

const MIN_FONT = 9;

const overlapArea = (a: PlacedTag, b: PlacedTag) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** `text` shortened with an ellipsis until it measures at most `maxWidth`. */
function fitText(text: string, fontSize: number, maxWidth: number, measure: MeasureText): string {
  if (measure(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && measure(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

/**
 * Places boxes and their tags at the image's own resolution. Tags are sized from the measured text,
 * kept inside the image, and placed greedily, most confident first, at the first of six spots around
 * the box (above, inside top, below, inside bottom; left- then right-aligned) that no earlier tag
 * covers (else the least covered spot). A name too long for the image is set smaller, down to 9 px,
 * then cut with an ellipsis.
 *
 * @example
 * ```ts
 * const layout = layoutOverlay(640, 480, [{ box: [10, 20, 200, 300], label: 'café 自行车', score: 0.87, classIndex: 3 }]);
 * layout.items[0].tag; // { x: 10, y: ..., text: 'café 自行车 0.87', textColor: '#000000', ... }
 * ```
 */
export function layoutOverlay(
  width: number,
  height: number,
  boxes: OverlayBox[],
  options: OverlayLayoutOptions = {},
): OverlayLayout {
  const side = (width + height) / 2;
  const baseFont = options.fontSize ?? Math.max(11, Math.round(side * 0.028));
  const lineWidth = options.lineWidth ?? Math.max(2, Math.round(side * 0.003));
  const measure = options.measureText ?? estimateTextWidth;
  const order = boxes
    .map((b, i) => ({ b, i }))
    .sort((p, q) => (q.b.score ?? 1) - (p.b.score ?? 1) || p.i - q.i);
  const placed: PlacedTag[] = [];
  const items: OverlayLayout['items'] = [];
  for (const { b } of order) {
    const color = classColor(b.classIndex);
    const full = b.score === undefined ? b.label : `${b.label} ${b.score.toFixed(2)}`;
    let fontSize = baseFont;
    const pad = () => Math.max(2, Math.round(fontSize * 0.3));
    while (fontSize > MIN_FONT && measure(full, fontSize) + 2 * pad() > width) fontSize--;
    const text = fitText(full, fontSize, width - 2 * pad(), measure);
    const tw = Math.ceil(measure(text, fontSize)) + 2 * pad();
    const th = Math.ceil(fontSize * 1.3);
    const [x1, y1, x2, y2] = b.box;
    const clampX = (x: number) => Math.max(0, Math.min(width - tw, x));
    const clampY = (y: number) => Math.max(0, Math.min(height - th, y));
    const spots: Array<[number, number]> = [
      [x1, y1 - th],
      [x1, y1],
      [x1, y2],
      [x1, y2 - th],
      [x2 - tw, y1 - th],
      [x2 - tw, y1],
    ];
    let best: PlacedTag | undefined;
    let bestCover = Number.POSITIVE_INFINITY;
    for (const [sx, sy] of spots) {
      const x = Math.round(clampX(sx));
      const y = Math.round(clampY(sy));
      const tag: PlacedTag = {
        x,
        y,
        width: tw,
        height: th,
        text,
        fontSize,
        baseline: y + Math.round((th - fontSize) / 2 + fontSize * 0.8),
        textColor: textColorOn(color),
      };
      const cover = placed.reduce((s, p) => s + overlapArea(tag, p), 0);
      if (cover < bestCover) {
        best = tag;
        bestCover = cover;
      }
      if (cover === 0) break;
    }
    placed.push(best!);
    items.push({ box: b.box, color, dashed: b.kind === 'ground-truth', tag: best! });
  }
  // the most confident last, so where tags must overlap its tag is the one on top
  items.reverse();
  return { width, height, lineWidth, items };
}
