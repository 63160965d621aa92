// Benchmark: two 4-conv towers (the FCOS head's cost) forward and forward+backward, without RFA
// and with each preset, on the wasm backend (the CPU training path) and the cpu backend; the
// deformable conv is whatever deformConv2d picks there (the fused kernels).
// Writes bench/results/rfa.{json,md}.   npx tsx bench/run.ts
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { applyReceptiveFieldAdaptor, type RfaPreset } from '../src/index';
import { TestHead } from '../test/two-tower-head';

const sizes = [16, 8, 4, 2, 1]; // 128x128 input, strides 8..128
const C = 64;

async function measure(backend: 'wasm' | 'cpu', preset: RfaPreset | null) {
  const info = await initBackend(backend, { log: () => {}, env: {} });
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
  const best = (f: () => void, n: number) => {
    f(); // warm-up
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      f();
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const reps = backend === 'wasm' ? 10 : 1;
  const forwardMs = best(fwd, reps);
  const stepMs = best(step, reps);
  head.dispose();
  tf.dispose(feats);
  return {
    backend: `${backend}${info.threads ? ` (${info.threads} threads)` : ''}`,
    preset: preset ?? 'none',
    forwardMs,
    forwardBackwardMs: stepMs,
  };
}

const loadAtStart = loadavg()[0]!;
await measure('wasm', null); // throwaway: the first wasm run also pays the thread pool's and JIT's start-up
const rows: Array<Awaited<ReturnType<typeof measure>>> = [];
for (const backend of ['wasm', 'cpu'] as const)
  for (const preset of [null, 'paper', 'official'] as const) rows.push(await measure(backend, preset));
const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
const md = `# rfa benchmark

Machine: ${machine}; 1-minute load average ${loadAtStart.toFixed(2)} when the run started.
Two 4-conv towers, ${C} channels, GroupNorm, batch 2, five levels of a 128×128 input (the FCOS head's towers).
The deformable conv runs the fused kernels of \`@aligndet/deform-conv\` on both backends. Best of 10 on wasm, 1 run on cpu, after a warm-up.

| backend | RFA | forward | overhead | forward + backward | overhead |
|---|---|---|---|---|---|
${rows
  .map((r) => {
    const base = rows.find((b) => b.backend === r.backend && b.preset === 'none')!;
    const over = (a: number, b: number) => (r === base ? '—' : `${((a / b - 1) * 100).toFixed(0)} %`);
    return `| ${r.backend} | ${r.preset} | ${r.forwardMs.toFixed(1)} ms | ${over(r.forwardMs, base.forwardMs)} | ${r.forwardBackwardMs.toFixed(1)} ms | ${over(r.forwardBackwardMs, base.forwardBackwardMs)} |`;
  })
  .join('\n')}
`;
const dir = fileURLToPath(new URL('./results/', import.meta.url));
writeFileSync(`${dir}rfa.json`, `${JSON.stringify({ machine, loadAtStart, channels: C, rows }, null, 1)}\n`);
writeFileSync(`${dir}rfa.md`, md);
console.log(md);
