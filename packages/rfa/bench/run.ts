// Benchmark: two 4-conv towers (the FCOS head's cost) forward and forward+backward, without RFA
// and with each preset. Writes bench/results/rfa.{json,md}.   npx tsx bench/run.ts
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { applyReceptiveFieldAdaptor, type RfaPreset } from '../src/index';
import { TestHead } from '../test/two-tower-head';

const sizes = [16, 8, 4, 2, 1]; // 128x128 input, strides 8..128
const C = 64;

async function measure(preset: RfaPreset | null) {
  await initBackend('cpu', { log: () => {}, env: {} });
  const head = new TestHead({ channels: C, clsConvs: 4, regConvs: 4, groups: 32 });
  if (preset) applyReceptiveFieldAdaptor(head, { preset });
  const feats = sizes.map((s, l) => tf.randomNormal([2, s, s, C], 0, 1, 'float32', l) as tf.Tensor4D);
  const fwd = () => tf.tidy(() => feats.forEach((f) => head.forward(f).cls.dataSync()));
  const step = () => {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.addN(
          feats.map((f) => {
            const o = head.forward(f);
            return tf.add(tf.mean(o.cls), tf.mean(o.reg));
          }),
        ) as tf.Scalar,
      head.parameters(),
    );
    value.dataSync();
    value.dispose();
    tf.dispose(Object.values(grads));
  };
  fwd();
  let t = performance.now();
  fwd();
  const forwardMs = performance.now() - t;
  t = performance.now();
  step();
  const stepMs = performance.now() - t;
  head.dispose();
  tf.dispose(feats);
  return { preset: preset ?? 'none', forwardMs, forwardBackwardMs: stepMs };
}

const rows = [await measure(null), await measure('paper'), await measure('official')];
const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
const base = rows[0]!;
const md = `# rfa benchmark

Machine: ${machine} (shared, noisy); tfjs cpu backend; deformable conv = the composite (all-backend) implementation.
Two 4-conv towers, ${C} channels, GroupNorm, batch 2, five levels of a 128×128 input (the FCOS head's towers).

| RFA | forward | overhead | forward + backward | overhead |
|---|---|---|---|---|
${rows.map((r) => `| ${r.preset} | ${r.forwardMs.toFixed(0)} ms | ${r === base ? '—' : `${((r.forwardMs / base.forwardMs - 1) * 100).toFixed(0)} %`} | ${r.forwardBackwardMs.toFixed(0)} ms | ${r === base ? '—' : `${((r.forwardBackwardMs / base.forwardBackwardMs - 1) * 100).toFixed(0)} %`} |`).join('\n')}
`;
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}rfa.json`, `${JSON.stringify({ machine, channels: C, rows }, null, 1)}\n`);
writeFileSync(`${dir}rfa.md`, md);
console.log(md);
