import type { AssignerInput } from '../assign/assigner';

/** The `common` block of a test-vector file (spec `testvectors.json`). */
export interface VectorCommon {
  batch_N: number;
  num_classes_C: number;
  strides: number[];
}

/** A `caseN` block. */
export interface VectorCase {
  feature_shapes_HW: Array<[number, number]>;
  cls_logit_params: { A: number; B: number; D: number; E: number };
  /** `imageN` → list of `[[x1, y1, x2, y2], label (1-based)]`. */
  gts: Record<string, Array<[number[], number]>>;
}

/** One image of a case, in the assigner's per-image layout, with the map to batch flat indices. */
export interface VectorImage extends AssignerInput {
  /** Batch flat index (level-major, then image, row, column) of each per-image point. */
  flatIndex: Int32Array;
  /** Quality logits of the image's points. */
  qualityLogits: Float32Array;
}

/**
 * Builds the inputs of a test-vector case from its closed-form definitions: points per level
 * (x·s + ⌊s/2⌋), cls logit(g, c) = A·sin(B·g + D·c) + E, regression(g, k) = 1 + 0.8·cos(0.11·g +
 * 0.7·k) + 0.05·k, quality(g) = sin(0.5·g), each rounded to float32, where g is the batch flat index
 * (level-major, then image, then row, then column). Labels become 0-based.
 *
 * @example
 * ```ts
 * const images = buildVectorCase(vectors.common, vectors.case1); // one AssignerInput per image
 * ```
 */
export function buildVectorCase(common: VectorCommon, c: VectorCase): VectorImage[] {
  const N = common.batch_N;
  const C = common.num_classes_C;
  const { A, B, D, E } = c.cls_logit_params;
  const levelOffsets: number[] = [];
  let off = 0;
  for (const [h, w] of c.feature_shapes_HW) {
    levelOffsets.push(off);
    off += N * h * w;
  }
  const images: VectorImage[] = [];
  for (let n = 0; n < N; n++) {
    const pts: number[] = [];
    const strides: number[] = [];
    const levels: number[] = [];
    const flat: number[] = [];
    c.feature_shapes_HW.forEach(([h, w], l) => {
      const s = common.strides[l]!;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          pts.push(x * s + Math.floor(s / 2), y * s + Math.floor(s / 2));
          strides.push(s);
          levels.push(l);
          flat.push(levelOffsets[l]! + n * h * w + y * w + x);
        }
    });
    const P = flat.length;
    const cls = new Float32Array(P * C);
    const reg = new Float32Array(P * 4);
    const q = new Float32Array(P);
    flat.forEach((g, p) => {
      for (let k = 0; k < C; k++) cls[p * C + k] = Math.fround(A * Math.sin(B * g + D * k) + E);
      for (let k = 0; k < 4; k++)
        reg[p * 4 + k] = Math.fround(1 + 0.8 * Math.cos(0.11 * g + 0.7 * k) + 0.05 * k);
      q[p] = Math.fround(Math.sin(0.5 * g));
    });
    const gts = c.gts[`image${n}`] ?? [];
    images.push({
      points: Float32Array.from(pts),
      strides: Float32Array.from(strides),
      levels: Int32Array.from(levels),
      numLevels: c.feature_shapes_HW.length,
      gtBoxes: Float32Array.from(gts.flatMap(([b]) => b)),
      gtLabels: Int32Array.from(gts.map(([, label]) => label - 1)),
      predictions: { numClasses: C, clsLogits: cls, boxDistances: reg, qualityLogits: q },
      flatIndex: Int32Array.from(flat),
      qualityLogits: q,
    });
  }
  return images;
}
