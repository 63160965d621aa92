// Per-call profile of the FCOS-like step on wasm (kernel, input shapes, ms): where the time goes,
// after the step's time with aligndet's conv-gradient SIMD kernels off and on.
//   THREADS=1|2 (default 2) ROUNDS=3 SIMD=0 (profile with the kernels off) TOP=40 npx tsx bench/profile-step.ts
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { buildFcosLike } from './fcos-like-net';
import { loadSource } from './load-source';

const m = await loadSource();
await m.initBackend('wasm', { wasmThreads: Number(process.env.THREADS ?? 2), env: {} });
const net = buildFcosLike(m);
for (let i = 0; i < 2; i++) net.step();
// the step with the conv-gradient SIMD kernels off (the XNNPACK route for every shape, as before
// them), on but each call on one thread (`wasmSimdThreads.minMacs` infinite), on without the
// packed filter gradient (`wasmFilterGradientDirect.packed` false), and on (split over the kernel
// threads), alternating rounds of 3 steps so that load from other jobs hits all alike
const steps = {
  off: [] as number[],
  'one-thread': [] as number[],
  unpacked: [] as number[],
  on: [] as number[],
};
const minMacs = m.wasmSimdThreads.minMacs;
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  for (const mode of ['off', 'one-thread', 'unpacked', 'on'] as const) {
    m.convGradientSimdOptions.enabled = mode !== 'off';
    m.wasmFilterGradientDirect.packed = mode !== 'unpacked';
    m.wasmSimdThreads.minMacs = mode === 'one-thread' ? Number.POSITIVE_INFINITY : minMacs;
    net.step();
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) net.step();
    steps[mode].push((performance.now() - t0) / 3);
  }
}
const summary = (v: number[]) =>
  `median ${[...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(1)} min ${Math.min(...v).toFixed(1)}`;
console.log(`uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`);
console.log(
  `step ms, SIMD kernels off: ${summary(steps.off)}; on, one thread per call: ${summary(steps['one-thread'])}; on, unpacked filter gradient: ${summary(steps.unpacked)}; on: ${summary(steps.on)} (kernel threads ${m.wasmKernelThreads()})`,
);
m.wasmSimdThreads.minMacs = minMacs;
m.convGradientSimdOptions.enabled = process.env.SIMD !== '0';
tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
const profile = await tf.profile(() => void net.step());
const rows = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const key = `${k.name} ${k.inputShapes.map((s) => JSON.stringify(s)).join(' ')}`;
  const e = rows.get(key) ?? { ms: 0, calls: 0 };
  e.ms += Number(k.kernelTimeMs);
  e.calls++;
  rows.set(key, e);
}
const total = profile.kernels.reduce((s, k) => s + Number(k.kernelTimeMs), 0);
console.log(`kernels: ${profile.kernels.length} calls, ${total.toFixed(1)} ms`);
const byName = new Map<string, number>();
for (const k of profile.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + Number(k.kernelTimeMs));
console.log(
  [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([n, v]) => `${n} ${v.toFixed(1)}`)
    .join(', '),
);
const sorted = [...rows].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.TOP ?? 40));
for (const [k, e] of sorted) console.log(e.ms.toFixed(2).padStart(8), String(e.calls).padStart(4), k);
net.dispose();
