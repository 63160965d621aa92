// Benchmark: the wasm conv gradients against the forward conv, shape by shape.
//   npx tsx bench/conv-sweep.ts            (writes bench/results/conv-sweep.{json,md})
//   npx tsx bench/conv-sweep.ts --report   (rewrites the .md from the .json)
//   SHAPES=name1,name2 …                   (only those shapes; for quick checks, not committed)
// Per shape of bench/conv-shapes.ts: the wasm backend's Conv2D (XNNPACK), aligndet's
// Conv2DBackpropInput and Conv2DBackpropFilter, each called through `runKernel` on the same
// operands (no read-back: wasm kernels finish before they return), with 1 and 2 threads (one
// child process each: the thread count is fixed once wasm has started), and PyTorch's forward,
// input gradient and weight gradient on the same shapes in the same run
// (bench/torch_conv_sweep.py). The three kernels are timed interleaved (sample by sample), so load
// from other jobs hits their ratios alike; each sample repeats a call until it lasts ≥ 10 ms.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_SHAPES, type ConvShape } from './conv-shapes';
import { loadSource } from './load-source';

const here = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = `${here}results/`;

/** Per-call milliseconds: median and minimum over the samples. */
interface PerCall {
  medianMs: number;
  minMs: number;
}

interface ShapeRow {
  name: string;
  forward: PerCall;
  input: PerCall;
  filter: PerCall;
  /** The input gradient with `wasmInputGradientDirect.gather` off: one output row per chunk. */
  inputRows?: PerCall;
  /** The filter gradient with `wasmFilterGradientDirect.packed` off: the unpacked direct kernel. */
  filterUnpacked?: PerCall;
}

interface Run {
  threads: number;
  rows: ShapeRow[];
}

const SAMPLES = 9;
const SAMPLE_MS = 10;

/** Times `fs` interleaved: per sample, each function repeated `inner[i]` times. */
function timeInterleaved(fs: Array<() => void>): PerCall[] {
  const inner = fs.map((f) => {
    for (let i = 0; i < 2; i++) f();
    const t = performance.now();
    f();
    const once = Math.max(1e-3, performance.now() - t);
    return Math.max(1, Math.ceil(SAMPLE_MS / once));
  });
  const samples: number[][] = fs.map(() => []);
  for (let s = 0; s < SAMPLES; s++) {
    fs.forEach((f, i) => {
      const t = performance.now();
      for (let r = 0; r < inner[i]!; r++) f();
      samples[i]!.push((performance.now() - t) / inner[i]!);
    });
  }
  return samples.map((ms) => {
    ms.sort((a, b) => a - b);
    return { medianMs: ms[Math.floor(ms.length / 2)]!, minMs: ms[0]! };
  });
}

async function measure(threads: number, shapes: ConvShape[]): Promise<Run> {
  const m = await loadSource(false);
  const info = await m.initBackend('wasm', { wasmThreads: threads, env: {}, log: () => {} });
  const rows: ShapeRow[] = [];
  for (const s of shapes) {
    const [N, H, W, C] = s.x;
    const x = tf.randomNormal(s.x, 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([s.k, s.k, C, s.co], 0, 0.1, 'float32', 2) as tf.Tensor4D;
    const Ho = Math.ceil(H / s.stride);
    const Wo = Math.ceil(W / s.stride);
    const dy = tf.randomNormal([N, Ho, Wo, s.co], 0, 1, 'float32', 3) as tf.Tensor4D;
    const attrs = { strides: s.stride, pad: 'same', dataFormat: 'NHWC' } as const;
    const e = tf.engine();
    const call = (name: string, inputs: tf.NamedTensorMap, a: object) => () => {
      (e.runKernel(name, inputs, a as never) as tf.Tensor).dispose();
    };
    const input = call('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: s.x });
    const filterCall = call('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape });
    const [forward, inputGathered, filter, inputRows, filterUnpacked] = timeInterleaved([
      call('Conv2D', { x, filter: w }, { ...attrs, dilations: 1 }),
      input,
      filterCall,
      () => {
        m.wasmInputGradientDirect.gather = false;
        input();
        m.wasmInputGradientDirect.gather = true;
      },
      () => {
        m.wasmFilterGradientDirect.packed = false;
        filterCall();
        m.wasmFilterGradientDirect.packed = true;
      },
    ]);
    rows.push({
      name: s.name,
      forward: forward!,
      input: inputGathered!,
      filter: filter!,
      inputRows: inputRows!,
      filterUnpacked: filterUnpacked!,
    });
    tf.dispose([x, w, dy]);
  }
  return { threads: info.threads ?? threads, rows };
}

interface TorchRun {
  threads: number;
  torch: string;
  rows: ShapeRow[];
}

function runTorch(threads: number, shapes: ConvShape[]): TorchRun | string {
  const probe = spawnSync('/usr/bin/python3', ['-s', '-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'PyTorch not importable by /usr/bin/python3 (install python3-torch)';
  const res = spawnSync('/usr/bin/python3', ['-s', `${here}torch_conv_sweep.py`, String(threads)], {
    encoding: 'utf8',
    input: JSON.stringify(shapes),
    maxBuffer: 1 << 24,
  });
  if (res.status !== 0) return `torch_conv_sweep.py failed: ${res.stderr.split('\n').slice(-3).join(' ')}`;
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as TorchRun;
}

function runChild(threads: number, shapes: ConvShape[]): Run {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(threads)],
    {
      cwd: `${here}..`,
      encoding: 'utf8',
      input: JSON.stringify(shapes),
      stdio: ['pipe', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    },
  );
  if (res.status !== 0)
    throw new Error(`conv-sweep child (${threads} threads) failed (status ${res.status})`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Run;
}

interface Results {
  machine: string;
  date: string;
  /** `uptime` and the 1-minute load average at the start (other jobs skew the 2-thread runs). */
  uptime: string;
  loadAtStart: number;
  shapes: ConvShape[];
  wasm: Run[];
  torch: Array<TorchRun | string>;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
// the minimum over the samples: other jobs on the machine only ever add time, so it is the
// steadiest estimate of a kernel's own cost (the medians are in the JSON)
const cell = (t: PerCall) => `${fmt(t.minMs)}`;
const r = (t: PerCall, ref: PerCall) => t.minMs / ref.minMs;
const flag = (v: number) => (v > 1.2 ? `**${v.toFixed(2)}×**` : `${v.toFixed(2)}×`);
const geom = (s: ConvShape) =>
  `[${s.x.join(',')}] ${s.k}×${s.k}${s.stride > 1 ? ` s${s.stride}` : ''} → ${s.co}`;

/**
 * Writes (and prints) conv-sweep.md. `before`: an earlier run of the same shapes (the
 * committed conv-sweep.before.json, measured before the SIMD kernels), whose ratios are shown beside.
 */
function report(res: Results, write = true, before = loadBefore()): void {
  const sections = res.wasm.map((run) => {
    const prev = before?.wasm.find((w) => w.threads === run.threads);
    const torch = res.torch.find((t): t is TorchRun => typeof t === 'object' && t.threads === run.threads);
    const over: string[] = [];
    const lines = run.rows.map((row, i) => {
      const s = res.shapes[i]!;
      const ri = r(row.input, row.forward);
      const rf = r(row.filter, row.forward);
      if (ri > 1.2 || rf > 1.2) over.push(row.name);
      const t = torch?.rows[i];
      const tcells = t
        ? `${cell(t.forward)} | ${cell(t.input)} | ${cell(t.filter)} | ${(row.forward.minMs / t.forward.minMs).toFixed(1)}× | ${((row.input.minMs + row.filter.minMs) / (t.input.minMs + t.filter.minMs)).toFixed(1)}×`
        : '— | — | — | — | —';
      const p = prev?.rows.find((q) => q.name === row.name);
      const pcells = p
        ? `${r(p.input, p.forward).toFixed(2)}× | ${r(p.filter, p.forward).toFixed(2)}×`
        : '— | —';
      const rows = row.inputRows ? `${r(row.inputRows, row.forward).toFixed(2)}×` : '—';
      const unpacked = row.filterUnpacked ? `${r(row.filterUnpacked, row.forward).toFixed(2)}×` : '—';
      return `| ${row.name} | ${geom(s)} | ${cell(row.forward)} | ${cell(row.input)} | ${cell(row.filter)} | ${flag(ri)} | ${rows} | ${flag(rf)} | ${unpacked} | ${pcells} | ${tcells} |`;
    });
    return `## wasm, ${run.threads} thread${run.threads > 1 ? 's' : ''}${torch ? ` (PyTorch ${torch.torch}, ${torch.threads} thread${torch.threads > 1 ? 's' : ''})` : ''}

| shape | NHWC conv | forward ms | input grad ms | filter grad ms | input / forward | input / forward, rows | filter / forward | filter / forward, unpacked | before: input / forward | before: filter / forward | PyTorch forward ms | PyTorch input grad ms | PyTorch weight grad ms | wasm / PyTorch forward | wasm / PyTorch backward |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}

Above 1.2× the forward: ${over.length ? over.join(', ') : 'none'}.
`;
  });
  const torchNotes = res.torch.filter((t): t is string => typeof t === 'string');
  const md = `# wasm conv gradients against the forward conv, per shape

Machine: ${res.machine}; measured ${res.date.slice(0, 16).replace('T', ' ')} UTC; \`uptime\` at the start: \`${res.uptime}\`.
Command: \`npm run bench:conv -w @aligndet/core-tensor\` (bench/conv-sweep.ts).

Per-call milliseconds, minimum over ${SAMPLES} samples (each ≥ ${SAMPLE_MS} ms of repeated calls, the
three kernels interleaved). \`forward\` is the wasm backend's XNNPACK \`Conv2D\`, \`input grad\` and
\`filter grad\` aligndet's \`Conv2DBackpropInput\` / \`Conv2DBackpropFilter\` on the same operands,
'same' padding; ratios over 1.2× in bold. The filter is the same tensor in every call, so the
forward conv's XNNPACK operator (and the input gradient's flipped filter) stay cached, as they do
between the forward and backward pass of one training step. PyTorch (NCHW, same run): forward
under no_grad, input and weight gradient each via \`torch.ops.aten.convolution_backward\`.
\`input / forward, rows\`: the input gradient again with \`wasmInputGradientDirect.gather\` off, i.e. its direct kernel in chunks of one output row, where narrow maps otherwise take chunks of many rows and gather their outputs 4 at a time across rows (\`inputGradientRowsPerChunk\`); the same kernel path, so the same time within noise, on the other shapes.
\`filter / forward, unpacked\`: the filter gradient again with \`wasmFilterGradientDirect.packed\` off, i.e. on \`filter_gradient_direct\` (x and dy read in place) where \`filter_gradient_packed\` otherwise runs (\`filterGradientKernel\`: C % 4 = 0, Co % 8 = 0, \`tapCoverage\` ≥ 0.75); the same kernel, so the same time within noise, on the other shapes.
With 2 threads, aligndet's direct SIMD kernels split every call of ≥ \`wasmSimdThreads.minMacs\` multiply-adds over the kernel threads (\`initBackend\` starts them); smaller calls stay on one thread, as waking a worker costs ~30 µs (bench/results/conv-gradient-step-ab.md). The RGB stem's input gradient (a 3-channel \`Conv2DBackpropInput\`) is never computed in training: the image needs no gradient and the stem conv has no bias, so tfjs's tape skips it.
\`before\`: the same ratios from conv-sweep.before.json (${loadBefore()?.date.slice(0, 16).replace('T', ' ') ?? '—'} UTC, \`uptime\` then: \`${loadBefore()?.uptime ?? '—'}\`), measured before the SIMD kernels (XNNPACK route for every filter gradient, JS phase interleave for strided input gradients).
${torchNotes.map((n) => `\nPyTorch not measured: ${n}.\n`).join('')}
${sections.join('\n')}`;
  if (write) writeFileSync(`${resultsDir}conv-sweep.md`, md);
  console.log(md);
}

function loadBefore(): Results | undefined {
  try {
    return JSON.parse(readFileSync(`${resultsDir}conv-sweep.before.json`, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const only = process.env.SHAPES?.split(',');
  const shapes = only ? CONV_SHAPES.filter((s) => only.some((o) => s.name.includes(o))) : CONV_SHAPES;
  const loadAtStart = loadavg()[0]!;
  const uptime = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  await loadSource(true);
  const wasm: Run[] = [];
  const torch: Array<TorchRun | string> = [];
  for (const threads of [1, 2]) {
    console.error(`measuring wasm, ${threads} thread(s) …`);
    wasm.push(runChild(threads, shapes));
    console.error(`measuring PyTorch, ${threads} thread(s) …`);
    torch.push(runTorch(threads, shapes));
  }
  const machine = `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`;
  const results: Results = {
    machine,
    date: new Date().toISOString(),
    uptime,
    loadAtStart,
    shapes,
    wasm,
    torch,
  };
  mkdirSync(resultsDir, { recursive: true });
  if (!only) writeFileSync(`${resultsDir}conv-sweep.json`, `${JSON.stringify(results, null, 1)}\n`);
  report(results, !only);
}

const childIndex = process.argv.indexOf('--child');
if (process.argv.includes('--report')) {
  report(JSON.parse(readFileSync(`${resultsDir}conv-sweep.json`, 'utf8')) as Results);
} else if (childIndex >= 0) {
  const shapes = JSON.parse(readFileSync(0, 'utf8')) as ConvShape[];
  console.log(JSON.stringify(await measure(Number(process.argv[childIndex + 1]), shapes)));
} else {
  try {
    await main();
  } finally {
    rmSync(`${here}.build`, { recursive: true, force: true });
  }
}
