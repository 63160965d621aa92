// Benchmark: APS assignment time per image for 100 GT on an 800x1333 input (5 levels, strides
// 8..128, ~20k points, 80 classes), random predictions. Writes bench/results/spatial-assigner.{json,md}.
//   npx tsx bench/run.ts
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AssignerInput } from '@aligndet/core-tensor';
import { SpatialAssigner } from '../src/index';

function scene(seed: number): AssignerInput {
  let s = seed;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const [H, W] = [800, 1344];
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
  const boxes: number[] = [];
  for (let g = 0; g < 100; g++) {
    const w = 8 + r() ** 2 * 600;
    const h = 8 + r() ** 2 * 500;
    const x = r() * (W - w);
    const y = r() * (H - h);
    boxes.push(x, y, x + w, y + h);
  }
  return {
    points: Float32Array.from(pts),
    strides: Float32Array.from(st),
    levels: Int32Array.from(lv),
    numLevels: 5,
    gtBoxes: Float32Array.from(boxes),
    gtLabels: Int32Array.from({ length: 100 }, () => Math.floor(r() * 80)),
    predictions: {
      numClasses: 80,
      clsLogits: Float32Array.from({ length: P * 80 }, () => (r() - 0.8) * 8),
      boxDistances: Float32Array.from({ length: P * 4 }, () => r() * 8),
    },
  };
}

const input = scene(1);
const aps = new SpatialAssigner();
aps.assign(input);
const times: number[] = [];
let positives = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  positives = aps.assign(input).numPositives;
  times.push(performance.now() - t);
}
const ms = Math.min(...times);
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  points: input.strides.length,
  gts: 100,
  classes: 80,
  msPerImage: ms,
  runs: times,
  positives,
};
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}spatial-assigner.json`, `${JSON.stringify(result, null, 1)}\n`);
const md = `# spatial-assigner benchmark

Machine: ${result.machine} (shared, noisy). Command: \`npm run bench -w @aligndet/spatial-assigner\`.

| input | points | GT | classes | assignment per image (best of 5) | positives |
|---|---|---|---|---|---|
| 800×1344, strides 8–128 | ${result.points} | 100 | 80 | **${ms.toFixed(1)} ms** | ${positives} |
`;
writeFileSync(`${dir}spatial-assigner.md`, md);
console.log(md);
