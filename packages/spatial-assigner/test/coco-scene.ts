import type { AssignerInput } from '@aligndet/core-tensor';

/** Options of {@link cocoLikeScene}. */
export interface CocoLikeSceneOptions {
  height?: number;
  width?: number;
  numGt?: number;
  numClasses?: number;
  /** Objects gathered around a few centres (crowds), instead of spread uniformly. */
  clustered?: boolean;
}

/**
 * A seeded COCO-scale scene: the FCOS grid of an `height × width` input at strides 8–128, `numGt`
 * boxes with a long-tailed size distribution, random logits (mostly background) and distances.
 * Shared by the benchmark and the assignment fingerprint test so both measure the same inputs.
 */
export function cocoLikeScene(seed: number, options: CocoLikeSceneOptions = {}): AssignerInput {
  const { height: H = 800, width: W = 1344, numGt: G = 100, numClasses: C = 80, clustered = false } = options;
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const pts: number[] = [];
  const st: number[] = [];
  const lv: number[] = [];
  [8, 16, 32, 64, 128].forEach((str, l) => {
    for (let y = 0; y < Math.ceil(H / str); y++)
      for (let x = 0; x < Math.ceil(W / str); x++) {
        pts.push(x * str + Math.floor(str / 2), y * str + Math.floor(str / 2));
        st.push(str);
        lv.push(l);
      }
  });
  const P = st.length;
  const centres = clustered ? Array.from({ length: 4 }, () => [r() * W, r() * H] as const) : [];
  const boxes: number[] = [];
  for (let g = 0; g < G; g++) {
    const w = 8 + r() ** 2 * (clustered ? 300 : 600);
    const h = 8 + r() ** 2 * (clustered ? 250 : 500);
    let x: number;
    let y: number;
    if (clustered) {
      const [cx, cy] = centres[g % centres.length]!;
      x = Math.min(Math.max(cx + (r() - 0.5) * 200 - w / 2, 0), W - w);
      y = Math.min(Math.max(cy + (r() - 0.5) * 200 - h / 2, 0), H - h);
    } else {
      x = r() * (W - w);
      y = r() * (H - h);
    }
    boxes.push(x, y, x + w, y + h);
  }
  return {
    points: Float32Array.from(pts),
    strides: Float32Array.from(st),
    levels: Int32Array.from(lv),
    numLevels: 5,
    gtBoxes: Float32Array.from(boxes),
    gtLabels: Int32Array.from({ length: G }, () => Math.floor(r() * C)),
    predictions: {
      numClasses: C,
      clsLogits: Float32Array.from({ length: P * C }, () => (r() - 0.8) * 8),
      boxDistances: Float32Array.from({ length: P * 4 }, () => r() * 8),
    },
  };
}
