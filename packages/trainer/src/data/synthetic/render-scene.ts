import type { Random } from '../../util/random';
import { insideShape, SYNTHETIC_CLASSES, type ShapeSpec } from './shapes';

/** Settings of the synthetic scenes (defaults in {@link DEFAULT_SCENE_OPTIONS}). */
export interface SceneOptions {
  /** Square image side in pixels. */
  imageSize: number;
  /** Objects per image, inclusive range. */
  objectsPerImage: [number, number];
  /** Object size range (geometric mean of width and height), pixels; sampled log-uniformly. */
  objectSize: [number, number];
  /** Largest aspect ratio (w/h or h/w). */
  maxAspect: number;
  /** Clutter strokes per image, inclusive range. */
  clutterStrokes: [number, number];
  /** An object is annotated only if at least this fraction of it stays visible. */
  minVisibleFraction: number;
}

export const DEFAULT_SCENE_OPTIONS: SceneOptions = {
  imageSize: 128,
  objectsPerImage: [1, 7],
  objectSize: [6, 96],
  maxAspect: 3,
  clutterStrokes: [2, 8],
  minVisibleFraction: 0.35,
};

/** One annotated object: COCO xywh of its visible pixels, visible pixel count, class index. */
export interface SceneObject {
  cls: number;
  bbox: [number, number, number, number];
  area: number;
}

/** A rendered RGB image (row-major, 3 bytes per pixel) and its annotations. */
export interface Scene {
  width: number;
  height: number;
  rgb: Uint8Array;
  objects: SceneObject[];
}

type RGB = [number, number, number];

function randomColor(rng: Random): RGB {
  return [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
}

function colorDistance(a: RGB, b: RGB): number {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Background: base colour, a linear gradient, sinusoidal stripes and pixel noise. */
function paintBackground(rng: Random, rgb: Uint8Array, size: number): RGB {
  const base = randomColor(rng);
  const grad = [rng.uniform(-60, 60), rng.uniform(-60, 60)];
  const angle = rng.uniform(0, Math.PI);
  const freq = rng.uniform(0.05, 0.6);
  const stripe = rng.chance(0.6) ? rng.uniform(10, 45) : 0;
  const noise = rng.uniform(4, 22);
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const g = (grad[0]! * x + grad[1]! * y) / size;
      const s = stripe * Math.sin(freq * (x * ca + y * sa));
      const i = 3 * (y * size + x);
      for (let c = 0; c < 3; c++) rgb[i + c] = clampByte(base[c]! + g + s + noise * (rng.next() - 0.5) * 2);
    }
  }
  return base;
}

/** A random-walk stroke (not annotated), 1–2 px wide; it takes pixels away from objects below. */
function paintStroke(rng: Random, rgb: Uint8Array, owner: Int32Array, size: number): void {
  const color = randomColor(rng);
  let x = rng.uniform(0, size);
  let y = rng.uniform(0, size);
  let dir = rng.uniform(0, 2 * Math.PI);
  const steps = rng.int(10, 3 * size);
  const width = rng.int(1, 2);
  for (let k = 0; k < steps; k++) {
    dir += rng.uniform(-0.35, 0.35);
    x += Math.cos(dir);
    y += Math.sin(dir);
    for (let dy = 0; dy < width; dy++)
      for (let dx = 0; dx < width; dx++) {
        const px = Math.floor(x) + dx;
        const py = Math.floor(y) + dy;
        if (px < 0 || py < 0 || px >= size || py >= size) continue;
        const i = py * size + px;
        owner[i] = -1;
        rgb[3 * i] = color[0];
        rgb[3 * i + 1] = color[1];
        rgb[3 * i + 2] = color[2];
      }
  }
}

function sampleShape(rng: Random, o: SceneOptions): ShapeSpec {
  const cls = rng.int(0, SYNTHETIC_CLASSES.length - 1);
  const s = rng.logUniform(o.objectSize[0], o.objectSize[1]);
  const r = Math.exp(rng.uniform(-Math.log(o.maxAspect), Math.log(o.maxAspect)));
  const w = Math.max(4, s * Math.sqrt(r));
  const h = Math.max(4, s / Math.sqrt(r));
  const name = SYNTHETIC_CLASSES[cls];
  const variant =
    name === 'triangle'
      ? rng.int(0, 3)
      : name === 'ring'
        ? rng.uniform(0.3, 0.5)
        : name === 'cross'
          ? rng.uniform(0.22, 0.38)
          : 0;
  // centre anywhere that keeps at least ~60% of the box inside the image (truncated objects happen)
  const cx = rng.uniform(w * 0.2, o.imageSize - w * 0.2);
  const cy = rng.uniform(h * 0.2, o.imageSize - h * 0.2);
  return { cls, cx, cy, w, h, variant };
}

/**
 * Renders one scene: textured background, clutter strokes, 1–7 objects of the five classes at
 * strongly varying scales and aspect ratios (later objects occlude earlier ones), more clutter on
 * top. Annotations are the visible extents of objects that stay at least `minVisibleFraction`
 * visible.
 */
export function renderScene(rng: Random, options: SceneOptions = DEFAULT_SCENE_OPTIONS): Scene {
  const size = options.imageSize;
  const rgb = new Uint8Array(size * size * 3);
  const owner = new Int32Array(size * size).fill(-1);
  const bg = paintBackground(rng, rgb, size);
  const strokes = rng.int(options.clutterStrokes[0], options.clutterStrokes[1]);
  const before = Math.floor(strokes / 2);
  for (let k = 0; k < before; k++) paintStroke(rng, rgb, owner, size);

  const n = rng.int(options.objectsPerImage[0], options.objectsPerImage[1]);
  const specs: ShapeSpec[] = [];
  const fullArea: number[] = [];
  for (let k = 0; k < n; k++) {
    const spec = sampleShape(rng, options);
    let color = randomColor(rng);
    for (let tries = 0; tries < 8 && colorDistance(color, bg) < 120; tries++) color = randomColor(rng);
    const shade = rng.uniform(0, 40);
    const x0 = Math.max(0, Math.floor(spec.cx - spec.w / 2));
    const x1 = Math.min(size - 1, Math.ceil(spec.cx + spec.w / 2));
    const y0 = Math.max(0, Math.floor(spec.cy - spec.h / 2));
    const y1 = Math.min(size - 1, Math.ceil(spec.cy + spec.h / 2));
    let area = 0;
    for (let y = y0; y <= y1; y++) {
      const v = (y + 0.5 - spec.cy) / (spec.h / 2);
      for (let x = x0; x <= x1; x++) {
        const u = (x + 0.5 - spec.cx) / (spec.w / 2);
        if (!insideShape(spec, u, v)) continue;
        area++;
        const i = y * size + x;
        owner[i] = k;
        const t = shade * (u * 0.5 + v * 0.5) + (rng.next() - 0.5) * 10;
        rgb[3 * i] = clampByte(color[0] + t);
        rgb[3 * i + 1] = clampByte(color[1] + t);
        rgb[3 * i + 2] = clampByte(color[2] + t);
      }
    }
    specs.push(spec);
    fullArea.push(area);
  }
  for (let k = before; k < strokes; k++) paintStroke(rng, rgb, owner, size);

  const minX = new Int32Array(n).fill(size);
  const minY = new Int32Array(n).fill(size);
  const maxX = new Int32Array(n).fill(-1);
  const maxY = new Int32Array(n).fill(-1);
  const visible = new Int32Array(n);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const k = owner[y * size + x]!;
      if (k < 0) continue;
      visible[k]!++;
      if (x < minX[k]!) minX[k] = x;
      if (x > maxX[k]!) maxX[k] = x;
      if (y < minY[k]!) minY[k] = y;
      if (y > maxY[k]!) maxY[k] = y;
    }
  const objects: SceneObject[] = [];
  for (let k = 0; k < n; k++) {
    if (fullArea[k]! === 0 || visible[k]! < options.minVisibleFraction * fullArea[k]!) continue;
    const w = maxX[k]! - minX[k]! + 1;
    const h = maxY[k]! - minY[k]! + 1;
    if (w < 3 || h < 3) continue;
    objects.push({ cls: specs[k]!.cls, bbox: [minX[k]!, minY[k]!, w, h], area: visible[k]! });
  }
  return { width: size, height: size, rgb, objects };
}
