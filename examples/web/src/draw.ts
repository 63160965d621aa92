// Detections drawn on a canvas: one colour per class, the class name and score above each box.
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45'];

export interface DrawnDetections {
  /** `[K, 4]` xyxy in the image's pixels. */
  boxes: ArrayLike<number>;
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

/**
 * Draws `image` (scaled up so its longer side is at least `minSide` pixels, so labels stay legible
 * on small images) and the detections scoring at least `threshold`; returns how many were drawn.
 */
export function drawDetections(
  canvas: HTMLCanvasElement,
  image: CanvasImageSource & { width: number; height: number },
  dets: DrawnDetections,
  classNames: readonly string[],
  threshold: number,
  minSide = 384,
): number {
  const z = Math.max(1, Math.ceil(minSide / Math.max(image.width, image.height)));
  canvas.width = image.width * z;
  canvas.height = image.height * z;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  const line = Math.max(1, Math.round(Math.max(canvas.width, canvas.height) / 250));
  ctx.lineWidth = line;
  const fontPx = Math.max(10, line * 5);
  ctx.font = `${fontPx}px sans-serif`;
  ctx.textBaseline = 'bottom';
  let drawn = 0;
  for (let k = 0; k < dets.scores.length; k++) {
    const score = dets.scores[k]!;
    if (score < threshold) continue;
    drawn++;
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((i) => dets.boxes[4 * k + i]! * z);
    const color = COLORS[dets.labels[k]! % COLORS.length]!;
    ctx.strokeStyle = color;
    ctx.strokeRect(x1!, y1!, x2! - x1!, y2! - y1!);
    const text = `${classNames[dets.labels[k]!] ?? dets.labels[k]} ${score.toFixed(2)}`;
    const w = ctx.measureText(text).width + 4;
    const h = fontPx + 2;
    const ty = y1! - h < 0 ? y1! + h : y1!;
    ctx.fillStyle = color;
    ctx.fillRect(x1!, ty - h, w, h);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, x1! + 2, ty - 1);
  }
  return drawn;
}

/** An RGB scene as a canvas (to draw on or into another canvas). */
export function rgbCanvas(width: number, height: number, rgb: Uint8Array): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  const img = new ImageData(width, height);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    img.data[j] = rgb[3 * i]!;
    img.data[j + 1] = rgb[3 * i + 1]!;
    img.data[j + 2] = rgb[3 * i + 2]!;
    img.data[j + 3] = 255;
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}
