import type { AssignerInput } from '@aligndet/core-tensor';

/** A seeded random scene: FCOS grid points on a `size` image, random GT boxes, random predictions. */
export function randomScene(
  seed: number,
  options: { size?: number; numGt?: number; numClasses?: number; strides?: number[] } = {},
): AssignerInput {
  let s = seed >>> 0;
  const r = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const size = options.size ?? 128;
  const strides = options.strides ?? [8, 16, 32, 64, 128];
  const C = options.numClasses ?? 4;
  const pts: number[] = [];
  const st: number[] = [];
  const lv: number[] = [];
  strides.forEach((str, l) => {
    const n = Math.ceil(size / str);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        pts.push(x * str + Math.floor(str / 2), y * str + Math.floor(str / 2));
        st.push(str);
        lv.push(l);
      }
  });
  const P = st.length;
  const G = options.numGt ?? 6;
  const boxes: number[] = [];
  const labels: number[] = [];
  for (let g = 0; g < G; g++) {
    const w = 6 + r() * size * 0.7;
    const h = 6 + r() * size * 0.7;
    const x = r() * (size - w);
    const y = r() * (size - h);
    boxes.push(x, y, x + w, y + h);
    labels.push(Math.floor(r() * C));
  }
  return {
    points: Float32Array.from(pts),
    strides: Float32Array.from(st),
    levels: Int32Array.from(lv),
    numLevels: strides.length,
    gtBoxes: Float32Array.from(boxes),
    gtLabels: Int32Array.from(labels),
    predictions: {
      numClasses: C,
      clsLogits: Float32Array.from({ length: P * C }, () => (r() - 0.7) * 6),
      boxDistances: Float32Array.from({ length: P * 4 }, () => r() * 4),
    },
  };
}
