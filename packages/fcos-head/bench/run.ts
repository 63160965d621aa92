// Benchmark: FCOS head forward and forward+backward on the CPU backends, 5 levels.
//   npx tsx bench/run.ts            (writes bench/results/fcos-head.{json,md})
// The issue's full size (512x512 input, batch 2, 256 channels, 80 classes) is ~370 GFLOP per forward;
// the shipped cpu backend runs convs at well under 1 GFLOP/s and its conv filter gradient is far
// slower, so the cpu backend is measured on a reduced width and the full size on wasm (with
// aligndet's wasm training kernels; forward-only if the backward pass runs out of memory).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { FcosAssigner, FcosHead, fcosLosses, gridPoints } from '../src/index';

/** Other jobs on the machine skew the times: the 1-minute load average before measuring. */
const loadAtStart = loadavg()[0]!;

interface Row {
  backend: string;
  input: number;
  channels: number;
  forwardMs: number;
  forwardBackwardMs: number | null;
}

async function measure(
  backend: 'cpu' | 'wasm',
  input: number,
  channels: number,
  withBackward: boolean,
): Promise<Row> {
  await initBackend(backend, { purpose: withBackward ? 'training' : 'inference', log: () => {}, env: {} });
  const strides = [8, 16, 32, 64, 128];
  const sizes = strides.map((s) => [Math.ceil(input / s), Math.ceil(input / s)] as [number, number]);
  const head = new FcosHead({ numClasses: 80, inChannels: channels });
  const feats = sizes.map(
    ([h, w], l) => tf.randomNormal([2, h, w, channels], 0, 1, 'float32', l) as tf.Tensor4D,
  );
  const pts = gridPoints(sizes, strides);
  const assigner = new FcosAssigner();
  const gt = {
    gtBoxes: Float32Array.from([
      10,
      10,
      input * 0.4,
      input * 0.5,
      input * 0.3,
      input * 0.2,
      input * 0.9,
      input * 0.8,
    ]),
    gtLabels: Int32Array.from([1, 7]),
  };
  const assignments = [0, 1].map(() => assigner.assign({ ...pts, numLevels: 5, ...gt }));
  const time = (f: () => void, reps: number) => {
    f();
    const t = performance.now();
    for (let i = 0; i < reps; i++) f();
    return (performance.now() - t) / reps;
  };
  const forwardMs = time(() => tf.tidy(() => head.forward(feats).forEach((o) => o.clsLogits.dataSync())), 2);
  let forwardBackwardMs: number | null = null;
  if (withBackward) {
    forwardBackwardMs = time(() => {
      const { value, grads } = tf.variableGrads(() => {
        const l = fcosLosses(head.flatten(head.forward(feats)), assignments, { qualityTarget: 'giou' });
        return tf.addN([l.loss_cls, l.loss_reg, l.loss_quality]) as tf.Scalar;
      }, head.parameters());
      value.dataSync();
      value.dispose();
      tf.dispose(Object.values(grads));
    }, 1);
  }
  head.dispose();
  tf.dispose(feats);
  return { backend, input, channels, forwardMs, forwardBackwardMs };
}

const rows: Row[] = [];
rows.push(await measure('cpu', 128, 64, true));
rows.push(await measure('wasm', 128, 64, true));
try {
  rows.push(await measure('wasm', 512, 256, true));
} catch (e) {
  console.error(`full-size forward + backward failed (${String(e)}); measuring forward only`);
  rows.push(await measure('wasm', 512, 256, false));
}
const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}fcos-head.json`, `${JSON.stringify({ machine, loadAtStart, rows }, null, 1)}\n`);
const md = `# fcos-head benchmark

Machine: ${machine}; 1-minute load average ${loadAtStart.toFixed(2)} when the run started. Command: \`npm run bench -w @aligndet/fcos-head\`. Batch 2, 5 levels
(strides 8–128), 80 classes, 4 convs per tower, losses with the official APS quality target.

| backend | input | channels | forward | forward + backward |
|---|---|---|---|---|
${rows.map((r) => `| ${r.backend} | ${r.input}×${r.input} | ${r.channels} | ${r.forwardMs.toFixed(0)} ms | ${r.forwardBackwardMs === null ? 'n/a (see below)' : `${r.forwardBackwardMs.toFixed(0)} ms`} |`).join('\n')}

Both backends train with the kernels \`initBackend\` registers (core-tensor: wasm
\`Conv2DBackpropFilter\`, \`Conv2DBackpropInput\` as XNNPACK convolutions, \`UnsortedSegmentSum\`;
cpu \`Conv2DBackpropFilter\` via im2col); the wasm backend uses the machine's cores as threads.
cpu is measured at a reduced size (128×128, 64 channels).
`;
writeFileSync(`${dir}fcos-head.md`, md);
console.log(md);
