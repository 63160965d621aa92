// Benchmark: CPU training speed of the shipped backends against PyTorch.
//   npx tsx bench/run.ts            (writes bench/results/wasm-training.{json,md})
//   npx tsx bench/run.ts --report   (rewrites the .md from the .json)
// Conv 3×3 NHWC [2,64,64,64] → 64 forward and forward + backward, the wasm matmul's GFLOP/s beside
// the conv's, the wasm Conv2DBackpropInput (aligndet's vs tfjs's), and one training step of a
// small FCOS-like network (bench/fcos-like-net.ts; batch 2 × 256×256) on: `cpu` (tfjs-backend-cpu
// with aligndet's filter gradient), `wasm` with 1 thread, `wasm` with the machine's threads, and
// PyTorch on the CPU (bench/torch_reference.py, when Debian's python3-torch is importable). Each
// backend runs in its own Node process (the wasm thread count is fixed once wasm has started).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildFcosLike, FCOS_LIKE } from './fcos-like-net';
import { nativePeaks, type Peak, wasmSimdPeak } from './simd-peak/peaks';
import { loadSource } from './load-source';
import { type Timing, time } from './timing';

const here = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = `${here}results/`;
const CONV_FLOP = 2 * 2 * 64 * 64 * 64 * 64 * 9; // one 3×3 conv of [2,64,64,64] → 64
const MM_FLOP = 2 * 1024 ** 3;
const IM2COL_FLOP = 2 * 8192 * 576 * 64; // the conv as one matmul: [N·H·W, 9·C] · [9·C, Co]

interface BackendRow {
  config: string;
  backend: string;
  threads: number;
  convForward: Timing;
  convForwardBackward: Timing;
  backpropInput?: Timing;
  backpropInputStock?: Timing;
  backpropFilter?: Timing;
  backpropFilterStock?: Timing;
  matMul1024?: Timing;
  matMulIm2col?: Timing;
  /** GroupNorm(32) forward + backward on [2,32,32,64]: aligndet's fused kernels. */
  groupNorm?: Timing;
  /** The same with the kernels unregistered (composed tfjs ops). */
  groupNormComposed?: Timing;
  fcosStep: Timing;
  fcosStepNote?: string;
  /** GFLOP/s of the wasm SIMD128 multiply-add loop, one thread (measured in the 1-thread child). */
  wasmSimdPeak?: number;
  profile?: Array<{ kernel: string; ms: number; calls: number }>;
}

/** One backend configuration, measured in this (child) process. */
async function measure(config: 'cpu' | 'wasm-1' | 'wasm-threads'): Promise<BackendRow> {
  const m = await loadSource(false);
  const backend = config === 'cpu' ? 'cpu' : 'wasm';
  const threads = config === 'wasm-1' ? 1 : availableParallelism();
  const info = await m.initBackend(backend, { wasmThreads: threads, env: {}, log: (l) => console.error(l) });
  const slow = backend === 'cpu';
  const x = tf.randomNormal([2, 64, 64, 64], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64], 0, 0.1, 'float32', 2) as tf.Tensor4D;
  const r = tf.randomNormal([2, 64, 64, 64], 0, 1, 'float32', 3);
  const reps = slow ? 3 : 20;
  const convForward = time(() => tf.tidy(() => void tf.conv2d(x, w, 1, 'same').dataSync()), reps);
  const convForwardBackward = time(
    () =>
      tf.tidy(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), r)),
        )([x, w]);
        for (const t of g) t.dataSync();
      }),
    reps,
  );
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  /** One run of a conv backward kernel, read back (the same call for aligndet's and tfjs's kernel). */
  const backpropInputOnce = () =>
    tf.tidy(() => {
      const dx = tf
        .engine()
        .runKernel('Conv2DBackpropInput', { dy: r, filter: w }, { ...attrs, inputShape: x.shape });
      (dx as tf.Tensor).dataSync();
    });
  const backpropFilterOnce = () =>
    tf.tidy(() => {
      const dw = tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy: r }, { ...attrs, filterShape: w.shape });
      (dw as tf.Tensor).dataSync();
    });
  const backpropInput = time(backpropInputOnce, reps);
  const backpropFilter = time(backpropFilterOnce, reps);
  const gx = tf.randomNormal([2, 32, 32, 64], 0, 1, 'float32', 4) as tf.Tensor4D;
  const gw = tf.randomNormal([64], 0, 1, 'float32', 5) as tf.Tensor1D;
  const gb = tf.randomNormal([64], 0, 1, 'float32', 6) as tf.Tensor1D;
  const gr = tf.randomNormal([2, 32, 32, 64], 0, 1, 'float32', 7);
  const gnStep = () =>
    tf.tidy(() => {
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(
          tf.mul(
            m.groupNorm(a as tf.Tensor4D, {
              numGroups: 32,
              weight: b as tf.Tensor1D,
              bias: c as tf.Tensor1D,
            }),
            gr,
          ),
        ),
      )([gx, gw, gb]);
      for (const t of g) t.dataSync();
    });
  const groupNorm = time(gnStep, slow ? 5 : 30);
  // the same op without the fused kernels: groupNorm composes tfjs ops where they are missing
  const gnKernels = m.TRAINING_KERNEL_CONFIGS.filter(
    (k) => k.kernelName === m.GroupNormKernel && k.backendName === backend,
  );
  for (const k of gnKernels) tf.unregisterKernel(k.kernelName, k.backendName);
  const groupNormComposed = time(gnStep, slow ? 5 : 30);
  for (const k of gnKernels) tf.registerKernel(k);
  tf.dispose([gx, gw, gb, gr]);
  const row: BackendRow = {
    config,
    backend,
    threads: info.threads ?? 1,
    convForward,
    convForwardBackward,
    backpropInput,
    backpropFilter,
    groupNorm,
    groupNormComposed,
    fcosStep: { medianMs: 0, minMs: 0, reps: 0 },
  };
  if (backend === 'cpu') {
    // tfjs's own cpu filter gradient: one run (it takes tens of seconds)
    m.restoreStockKernels();
    row.backpropFilterStock = time(backpropFilterOnce, 1, 0);
    m.registerTrainingKernels();
  }
  if (backend === 'wasm') {
    m.restoreStockKernels();
    row.backpropInputStock = time(backpropInputOnce, 5);
    m.registerTrainingKernels();
    const a = tf.randomNormal([1024, 1024]);
    const b = tf.randomNormal([1024, 1024]);
    row.matMul1024 = time(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), 10);
    const ca = tf.randomNormal([8192, 576]);
    const cb = tf.randomNormal([576, 64]);
    row.matMulIm2col = time(() => tf.tidy(() => void tf.matMul(ca, cb).dataSync()), 10);
    tf.dispose([a, b, ca, cb]);
  }
  if (config === 'wasm-1') row.wasmSimdPeak = await wasmSimdPeak();
  const net = buildFcosLike(m);
  if (slow) {
    row.fcosStep = time(() => net.step(), 1, 1);
    row.fcosStepNote = '1 iteration after 1 warm-up';
  } else {
    row.fcosStep = time(() => net.step(), 5, 2);
  }
  if (config === 'wasm-threads') {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
    const profile = await tf.profile(() => void net.step());
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of profile.kernels) {
      // `…__op` entries are op scopes (custom-gradient ops such as fused conv) that contain kernels
      if (k.name.endsWith('__op')) continue;
      const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      e.ms += Number(k.kernelTimeMs);
      e.calls += 1;
      byKernel.set(k.name, e);
    }
    row.profile = [...byKernel]
      .map(([kernel, e]) => ({ kernel, ...e }))
      .sort((p, q) => q.ms - p.ms)
      .slice(0, 15);
  }
  net.dispose();
  tf.dispose([x, w, r]);
  return row;
}

function runChild(config: string): BackendRow {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', config],
    {
      cwd: `${here}..`,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    },
  );
  if (res.status !== 0)
    throw new Error(`bench child ${config} failed (status ${res.status}, signal ${res.signal})`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as BackendRow;
}

interface TorchResult {
  threads: number;
  torch: string;
  convForward: Timing;
  convForwardBackward: Timing;
  matMul1024: Timing;
  matMulIm2col: Timing;
  /** Absent in results from before the GroupNorm kernels. */
  groupNormForwardBackward?: Timing;
  fcosStep: Timing;
  fcosParameters: number;
}

function runTorch(threads: number): TorchResult | string {
  const probe = spawnSync('/usr/bin/python3', ['-s', '-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'PyTorch not importable by /usr/bin/python3 (install python3-torch)';
  const res = spawnSync('/usr/bin/python3', ['-s', `${here}torch_reference.py`, String(threads)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (res.status !== 0) return `torch_reference.py failed: ${res.stderr.split('\n').slice(-3).join(' ')}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as TorchResult;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ms = (t: Timing | undefined) => (t ? `${fmt(t.medianMs)} (${fmt(t.minMs)}) ms` : '—');
const gflops = (flop: number, t: Timing | undefined) =>
  t ? `${fmt(flop / t.medianMs / 1e6)} (${fmt(flop / t.minMs / 1e6)})` : '—';
const ratio = (t: Timing | undefined, ref: Timing | undefined) =>
  t && ref ? `${(t.medianMs / ref.medianMs).toFixed(2)}× (${(t.minMs / ref.minMs).toFixed(2)}×)` : '—';

interface Results {
  machine: string;
  date: string;
  rows: BackendRow[];
  torch: TorchResult | string;
  torch1Thread?: TorchResult | string;
  /** 1-minute load average when the run started (absent in older results). */
  loadAtStart?: number;
  /** Native per-thread peaks (bench/simd-peak/native-peak.c), or why they are missing. */
  nativePeaks?: Peak[] | string;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!; // other jobs on the machine skew the multi-threaded rows
  await loadSource(true); // bundle once; the children import the bundle
  const rows: BackendRow[] = [];
  for (const c of ['cpu', 'wasm-1', 'wasm-threads']) {
    console.error(`measuring ${c} …`);
    rows.push(runChild(c));
  }
  console.error('measuring PyTorch …');
  const torch = runTorch(availableParallelism());
  const torch1Thread = typeof torch === 'object' && torch.threads > 1 ? runTorch(1) : undefined;
  console.error('measuring native peaks …');
  const peaks = nativePeaks();
  const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
  const results: Results = {
    machine,
    date: new Date().toISOString(),
    loadAtStart,
    rows,
    torch,
    torch1Thread,
    nativePeaks: peaks,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}wasm-training.json`, `${JSON.stringify(results, null, 1)}\n`);
  report(results);
}

/** The per-thread ceiling: wasm's SIMD128 peak against the CPU's native peak, and who reaches what. */
function ceilingSection(
  rows: BackendRow[],
  torch1: TorchResult | undefined,
  peaks: Peak[] | string | undefined,
): string {
  const w1 = rows.find((r) => r.config === 'wasm-1');
  const wasmPeak = w1?.wasmSimdPeak;
  if (!wasmPeak) return '';
  const native = typeof peaks === 'object' ? peaks : [];
  const nativePeak = Math.max(0, ...native.map((p) => p.gflops));
  const g = (flop: number, t: Timing | undefined) => (t ? flop / t.minMs / 1e6 : undefined);
  const share = (v: number | undefined, peak: number) =>
    v && peak
      ? `${Math.round((100 * v) / peak)} % of ${peak === wasmPeak ? 'the wasm' : 'the native'} peak`
      : '';
  const line = (path: string, v: number | undefined, peak: number) =>
    v === undefined ? '' : `| ${path} | ${fmt(v)} | ${share(v, peak)} |\n`;
  return `## The ceiling: float32 peaks per thread

The same loop of independent multiply-adds (\`bench/simd-peak/\`) compiled to wasm SIMD128 and to
native code, beside the best (minimum-time) matmul and conv rates of one thread.
${typeof peaks === 'string' ? `Native peaks not measured: ${peaks}.\n` : ''}
| path, 1 thread | GFLOP/s | reaches |
|---|---|---|
${line('wasm SIMD128 mul + add loop (`simd-peak.wasm`)', wasmPeak, wasmPeak)}${line('tfjs `wasm` matMul 1024³', g(MM_FLOP, w1?.matMul1024), wasmPeak)}${line('tfjs `wasm` conv forward', g(CONV_FLOP, w1?.convForward), wasmPeak)}${native.map((p) => line(p.path, p.gflops, nativePeak)).join('')}${line(`PyTorch ${torch1?.torch ?? ''} matMul 1024³`, g(MM_FLOP, torch1?.matMul1024), nativePeak)}${line(`PyTorch ${torch1?.torch ?? ''} conv forward`, g(CONV_FLOP, torch1?.convForward), nativePeak)}
${nativePeak ? `wasm's SIMD128 peak is ${(wasmPeak / nativePeak).toFixed(2)}× the native peak on this CPU (128-bit vectors without fused multiply-add against 512-bit FMA).` : ''}
`;
}

/** Writes (and prints) `wasm-training.md` from the results (`--report` redoes it from the JSON). */
function report({
  machine,
  date,
  rows,
  torch,
  torch1Thread,
  loadAtStart,
  nativePeaks: peaks,
}: Results): void {
  const t = typeof torch === 'string' ? undefined : torch;
  const t1 = typeof torch1Thread === 'object' ? torch1Thread : undefined;
  // the PyTorch run with the same thread count (cpu: compared with 1 thread)
  const same = (r: BackendRow) => (r.threads === t?.threads && r.backend === 'wasm' ? t : (t1 ?? t));
  const name = (r: BackendRow) =>
    r.backend === 'cpu' ? 'tfjs `cpu`' : `tfjs \`wasm\`, ${r.threads} thread${r.threads > 1 ? 's' : ''}`;
  const torchName = t ? `PyTorch ${t.torch} CPU, ${t.threads} threads` : 'PyTorch';
  const convRows = rows
    .map(
      (r) =>
        `| ${name(r)} | ${ms(r.convForward)} | ${gflops(CONV_FLOP, r.convForward)} | ${ms(r.convForwardBackward)} | ${ratio(r.convForwardBackward, t?.convForwardBackward)} | ${ratio(r.convForwardBackward, same(r)?.convForwardBackward)} | ${gflops(MM_FLOP, r.matMul1024)} | ${gflops(IM2COL_FLOP, r.matMulIm2col)} |`,
    )
    .join('\n');
  const torchRow = (r: TorchResult) =>
    `| PyTorch ${r.torch} CPU, ${r.threads} thread${r.threads > 1 ? 's' : ''} | ${ms(r.convForward)} | ${gflops(CONV_FLOP, r.convForward)} | ${ms(r.convForwardBackward)} | ${ratio(r.convForwardBackward, t?.convForwardBackward)} | 1× | ${gflops(MM_FLOP, r.matMul1024)} | ${gflops(IM2COL_FLOP, r.matMulIm2col)} |`;
  const torchConv = t
    ? [t, ...(t1 ? [t1] : [])].map(torchRow).join('\n')
    : `| PyTorch | ${torch} | | | | | |`;
  const kernelRows = rows
    .map(
      (r) =>
        `| ${name(r)} | ${ms(r.backpropInput)} | ${ms(r.backpropInputStock)} | ${ms(r.backpropFilter)} | ${r.backend === 'wasm' ? 'none' : ms(r.backpropFilterStock)} |`,
    )
    .join('\n');
  const gnRows = rows
    .map(
      (r) =>
        `| ${name(r)} | ${ms(r.groupNorm)} | ${ms(r.groupNormComposed)} | ${ratio(r.groupNorm, t?.groupNormForwardBackward)} | ${ratio(r.groupNorm, same(r)?.groupNormForwardBackward)} |`,
    )
    .join('\n');
  const torchGn = [t, t1]
    .filter((r): r is TorchResult => r !== undefined)
    .map(
      (r) =>
        `| PyTorch ${r.torch} CPU, ${r.threads} thread${r.threads > 1 ? 's' : ''} | ${ms(r.groupNormForwardBackward)} | | ${ratio(r.groupNormForwardBackward, t?.groupNormForwardBackward)} | 1× |`,
    )
    .join('\n');
  const stepRows = rows
    .map(
      (r) =>
        `| ${name(r)} | ${ms(r.fcosStep)}${r.fcosStepNote ? `, ${r.fcosStepNote}` : ''} | ${ratio(r.fcosStep, t?.fcosStep)} | ${ratio(r.fcosStep, same(r)?.fcosStep)} |`,
    )
    .join('\n');
  const prof = rows.find((r) => r.profile)?.profile ?? [];
  const ceiling = ceilingSection(rows, t1 ?? t, peaks);
  const md = `# wasm training benchmark

Machine: ${machine}; measured ${date.slice(0, 10)}, ${loadAtStart === undefined ? 'machine shared with other jobs (noisy)' : `1-minute load average ${loadAtStart.toFixed(2)} when the run started`}. Command: \`npm run bench -w @aligndet/core-tensor\`.
Cells are median (minimum) over the repetitions; ratios are to PyTorch with ${t?.threads ?? availableParallelism()} threads (median (minimum)).
Every backend runs in its own process. GFLOP/s count 2 per multiply-add. With other jobs on the
machine, multi-threaded runs (PyTorch's OpenMP and wasm's XNNPACK pool alike) wait for the busy
core in every parallel kernel; the 1-thread rows are the stable comparison. \`cpu\` is compared with
PyTorch on 1 thread.

## Conv 3×3, NHWC [2,64,64,64] → 64 channels

| path | forward | conv GFLOP/s | forward + backward | ratio to PyTorch, ${t?.threads ?? ''} threads | ratio to PyTorch, same threads | matMul 1024³ GFLOP/s | matMul [8192,576]·[576,64] GFLOP/s |
|---|---|---|---|---|---|---|---|
${convRows}
${torchConv}

## The conv's backward kernels alone

| backend | Conv2DBackpropInput (aligndet) | Conv2DBackpropInput (tfjs stock) | Conv2DBackpropFilter (aligndet) | Conv2DBackpropFilter (tfjs stock) |
|---|---|---|---|---|
${kernelRows}

## GroupNorm(32) forward + backward, NHWC [2,32,32,64]

The head's largest level. aligndet's fused kernels (one forward, one backward, on the backend's
memory: wasm SIMD sweeps on \`wasm\`, JS on \`cpu\`) against the same op composed of tfjs ops (what
runs on backends without the kernels). Both include the loss's multiply and sum and their gradients.

| path | fused (aligndet) | composed tfjs ops | ratio to PyTorch, ${t?.threads ?? ''} threads | ratio to PyTorch, same threads |
|---|---|---|---|---|
${gnRows}
${torchGn}

## One training step of the FCOS-like network

Batch ${FCOS_LIKE.batch} × ${FCOS_LIKE.size}×${FCOS_LIKE.size}, ${t ? `${t.fcosParameters.toLocaleString('en-US')} parameters` : ''}: 4 stride-2 convs, FPN levels at strides 8/16/32
(${FCOS_LIKE.channels} channels), shared head with 4-conv GroupNorm towers, focal + L1 + BCE losses, SGD.

| path | forward + loss + backward + SGD | ratio to PyTorch, ${t?.threads ?? ''} threads | ratio to PyTorch, same threads |
|---|---|---|---|
${stepRows}
${t ? `| ${torchName} | ${ms(t.fcosStep)} | 1× | 1× |` : `| PyTorch | ${torch} | | |`}
${t1 ? `| PyTorch ${t1.torch} CPU, 1 thread | ${ms(t1.fcosStep)} | ${ratio(t1.fcosStep, t?.fcosStep)} | 1× |` : ''}

${ceiling}
## Where the wasm step's time goes (tf.profile, ${rows.find((r) => r.profile)?.threads ?? ''} threads)

| kernel | total ms | calls |
|---|---|---|
${prof.map((p) => `| ${p.kernel} | ${p.ms.toFixed(1)} | ${p.calls} |`).join('\n')}
`;
  writeFileSync(`${resultsDir}wasm-training.md`, md);
  console.log(md);
}

const childIndex = process.argv.indexOf('--child');
if (process.argv.includes('--report')) {
  report(JSON.parse(readFileSync(`${resultsDir}wasm-training.json`, 'utf8')) as Results);
} else if (childIndex >= 0) {
  const row = await measure(process.argv[childIndex + 1] as 'cpu' | 'wasm-1' | 'wasm-threads');
  console.log(JSON.stringify(row));
} else {
  try {
    await main();
  } finally {
    rmSync(`${here}.build`, { recursive: true, force: true }); // the bundle is not a source (nor lint input)
  }
}
