// Benchmark: deformConv2d forward and forward+backward, composite vs fused, vs torchvision (CPU).
//   npx tsx bench/run.ts            (writes bench/results/deform-conv.{json,md})
//   npx tsx bench/run.ts --quick    (the two 64-channel shapes only; prints, writes nothing)
// 3x3 kernel, padding 1, modulated (mask) with bias, offsets ~ N(0, 1) pixels, float32. Forward +
// backward = tf.grads of sum(y) with respect to x, offset, weight, mask and bias (torchvision:
// y.sum().backward()). torchvision runs in bench/torchvision_deform_conv.py with 2 threads when
// `/usr/bin/python3 -s -c "import torchvision"` works.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import {
  DeformCol2Im,
  type DeformConvGeometry,
  type DeformConvImplementation,
  deformConv2d,
  ModulatedDeformIm2Col,
  registerDeformConvKernels,
  setDeformConvImplementation,
} from '../src/index';

/** Other jobs on the machine skew the times: the 1-minute load average before measuring. */
const loadAtStart = loadavg()[0]!;

interface Shape {
  n: number;
  c: number;
  h: number;
}
interface Row extends Shape {
  implementation: string;
  backend: string;
  forwardMs: number | null;
  forwardBackwardMs: number | null;
}

const quick = process.argv.includes('--quick');
const shapes: Shape[] = [
  { n: 2, c: 64, h: 32 },
  { n: 2, c: 64, h: 64 },
  ...(quick ? [] : [{ n: 2, c: 256, h: 64 }]),
];
/** FLOPs of one forward: 2·N·Ho·Wo·Cout·Cin/groups·kh·kw. */
const flops = (s: Shape) => 2 * s.n * s.h * s.h * s.c * s.c * 9;
/** Repetitions: fewer for slow configurations (every measurement runs once more as warm-up). */
const reps = (s: Shape, backend: string, slow: boolean) =>
  slow ? (s.c >= 256 && backend === 'cpu' ? 1 : 2) : s.c >= 256 ? 3 : 5;

/** Best of `n` timed calls after one warm-up call, in ms (the machine is shared: best-of is the least noisy). */
function time(f: () => void, n: number): number {
  f();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

async function measure(
  backend: 'cpu' | 'wasm',
  implementation: DeformConvImplementation,
  s: Shape,
  withBackward: boolean,
): Promise<Row> {
  const info = await initBackend(backend, { purpose: 'training', log: () => {}, env: {} });
  // wasm: the XNNPACK thread count when core-tensor reports it (1 = single-threaded SIMD build)
  const threads = backend === 'wasm' ? ((info as { threads?: number }).threads ?? 1) : 1;
  const previous = setDeformConvImplementation(implementation);
  const x = tf.randomNormal([s.n, s.h, s.h, s.c], 0, 1, 'float32', 1) as tf.Tensor4D;
  const offset = tf.randomNormal([s.n, s.h, s.h, 18], 0, 1, 'float32', 2) as tf.Tensor4D;
  const mask = tf.randomUniform([s.n, s.h, s.h, 9], 0, 1, 'float32', 3) as tf.Tensor4D;
  const weight = tf.randomNormal([3, 3, s.c, s.c], 0, 0.05, 'float32', 4) as tf.Tensor4D;
  const bias = tf.zeros([s.c]) as tf.Tensor1D;
  const slow = backend === 'cpu' || implementation === 'composite';
  const forwardMs = time(
    () => {
      const y = deformConv2d(x, offset, weight, { padding: 1, mask, bias });
      y.dataSync();
      y.dispose();
    },
    reps(s, backend, slow),
  );
  let forwardBackwardMs: number | null = null;
  if (withBackward) {
    const f = tf.grads((xi, oi, wi, mi, bi) =>
      tf.sum(
        deformConv2d(xi as tf.Tensor4D, oi as tf.Tensor4D, wi as tf.Tensor4D, {
          padding: 1,
          mask: mi as tf.Tensor4D,
          bias: bi as tf.Tensor1D,
        }),
      ),
    );
    forwardBackwardMs = time(
      () => {
        const grads = f([x, offset, weight, mask, bias]);
        for (const g of grads) g.dataSync();
        tf.dispose(grads);
      },
      reps(s, backend, slow),
    );
  }
  tf.dispose([x, offset, mask, weight, bias]);
  setDeformConvImplementation(previous);
  const row = {
    ...s,
    implementation,
    backend: backend === 'wasm' ? `wasm (${threads} thread${threads > 1 ? 's' : ''})` : backend,
    forwardMs,
    forwardBackwardMs,
  };
  console.error(JSON.stringify(row));
  return row;
}

/** ms of the fused kernels alone (im2col, col2im) on `backend`, to show where the fused time goes. */
async function kernelPhases(
  backend: 'cpu' | 'wasm',
  s: Shape,
): Promise<{ im2colMs: number; col2imMs: number }> {
  await initBackend(backend, { purpose: 'training', log: () => {}, env: {} });
  registerDeformConvKernels();
  const g: DeformConvGeometry = {
    batch: s.n,
    inHeight: s.h,
    inWidth: s.h,
    inChannels: s.c,
    outHeight: s.h,
    outWidth: s.h,
    outChannels: s.c,
    kernelHeight: 3,
    kernelWidth: 3,
    strideHeight: 1,
    strideWidth: 1,
    padHeight: 1,
    padWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    groups: 1,
    offsetGroups: 1,
  };
  const attrs = g as unknown as tf.NamedAttrMap;
  const x = tf.randomNormal([s.n, s.h, s.h, s.c], 0, 1, 'float32', 1);
  const offset = tf.randomNormal([s.n, s.h, s.h, 18], 0, 1, 'float32', 2);
  const mask = tf.randomUniform([s.n, s.h, s.h, 9], 0, 1, 'float32', 3);
  const dCols = tf.randomNormal([1, s.n * s.h * s.h, 9 * s.c], 0, 1, 'float32', 5);
  const run = (f: () => tf.Tensor | tf.Tensor[]) => () => {
    const out = [f()].flat();
    for (const t of out) t.dataSync();
    tf.dispose(out);
  };
  const n = s.c >= 256 ? 3 : 5;
  const im2colMs = time(
    run(() => tf.engine().runKernel(ModulatedDeformIm2Col, { x, offset, mask }, attrs)),
    n,
  );
  const col2imMs = time(
    run(() => tf.engine().runKernel(DeformCol2Im, { x, offset, mask, dCols }, attrs)),
    n,
  );
  tf.dispose([x, offset, mask, dCols]);
  return { im2colMs, col2imMs };
}

function torchvisionRows(): {
  about: string;
  rows: { n: number; c: number; h: number; forward_ms: number; forward_backward_ms: number }[];
} | null {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-s', '-c', 'import torchvision'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const script = fileURLToPath(new URL('./torchvision_deform_conv.py', import.meta.url));
  const arg = JSON.stringify(shapes.map((s) => ({ ...s, reps: s.c >= 256 ? 2 : 5 })));
  const r = spawnSync(python, ['-s', script, arg], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '2', MKL_NUM_THREADS: '2' },
  });
  if (r.status !== 0) throw new Error(`torchvision benchmark failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return {
    about: `torch ${out.torch}, torchvision ${out.torchvision}, ${out.threads} threads`,
    rows: out.rows,
  };
}

const rows: Row[] = [];
for (const s of shapes) {
  rows.push(await measure('wasm', 'fused', s, true));
  rows.push(await measure('wasm', 'composite', s, true));
  rows.push(await measure('cpu', 'fused', s, true));
}
const phases: (Shape & { backend: string; im2colMs: number; col2imMs: number })[] = [];
for (const s of shapes) phases.push({ ...s, backend: 'wasm', ...(await kernelPhases('wasm', s)) });
const tv = torchvisionRows();
if (tv) {
  for (const r of tv.rows)
    rows.push({
      n: r.n,
      c: r.c,
      h: r.h,
      implementation: 'torchvision',
      backend: 'torch cpu',
      forwardMs: r.forward_ms,
      forwardBackwardMs: r.forward_backward_ms,
    });
}

const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
const ms = (v: number | null) => (v === null ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const gflops = (s: Shape, v: number | null, mult: number) =>
  v === null ? 'n/a' : ((mult * flops(s)) / v / 1e6).toFixed(2);
const ratio = (r: Row, key: 'forwardMs' | 'forwardBackwardMs') => {
  const ref = rows.find((t) => t.implementation === 'torchvision' && t.c === r.c && t.h === r.h);
  const a = r[key];
  const b = ref?.[key];
  return a == null || b == null ? 'n/a' : `${(a / b).toFixed(2)}×`;
};
const table = rows
  .map(
    (r) =>
      `| ${r.n}×${r.h}×${r.h}×${r.c} | ${r.implementation} | ${r.backend} | ${ms(r.forwardMs)} | ${gflops(r, r.forwardMs, 1)} | ${ratio(r, 'forwardMs')} | ${ms(r.forwardBackwardMs)} | ${gflops(r, r.forwardBackwardMs, 3)} | ${ratio(r, 'forwardBackwardMs')} |`,
  )
  .join('\n');
const md = `# deform-conv benchmark

Machine: ${machine}; 1-minute load average ${loadAtStart.toFixed(2)} when the run started. Command: \`npm run bench -w @aligndet/deform-conv\`.
${tv ? `Reference: \`torchvision.ops.deform_conv2d\` (${tv.about}), same machine.` : 'torchvision was not available: no reference rows.'}

3×3 kernel, padding 1, stride 1, Cin = Cout = C, modulated (mask) with bias, offsets ~ N(0, 1) px.
Forward + backward computes the gradients of sum(y) with respect to x, offset, weight, mask and bias.
Times are the best of n runs after a warm-up run: n = 5 (3 at C = 256; torchvision 2 at C = 256), and
2 for the slow composite and cpu rows (1 for cpu at C = 256). GFLOP/s counts 2·N·Ho·Wo·Cout·Cin·kh·kw per forward and 3× that per
forward + backward; "vs tv" is the time relative to torchvision (below 1× = faster).

| N×H×W×C | implementation | backend | forward ms | GFLOP/s | vs tv | fwd+bwd ms | GFLOP/s | vs tv |
|---|---|---|---|---|---|---|---|---|
${table}

Where the fused time goes (wasm): the two typed-array kernels alone; the rest of the fused time is
the matMuls (one forward, two backward) and small element-wise ops.

| N×H×W×C | im2col ms | col2im ms |
|---|---|---|
${phases.map((p) => `| ${p.n}×${p.h}×${p.h}×${p.c} | ${ms(p.im2colMs)} | ${ms(p.col2imMs)} |`).join('\n')}
`;
if (!quick) {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  writeFileSync(
    `${dir}deform-conv.json`,
    `${JSON.stringify({ machine, torchvision: tv?.about ?? null, rows, phases }, null, 1)}\n`,
  );
  writeFileSync(`${dir}deform-conv.md`, md);
}
console.log(md);
