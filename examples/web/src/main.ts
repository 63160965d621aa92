// The page: Detect (a run's checkpoint on a picked, dropped or webcam image, on the chosen
// backend) and Train (runs of the presets on the in-page synthetic dataset, each in a worker, with
// live loss and AP curves, validation detections, pause/resume, and the run folder to download).
// State for the browser test is mirrored on `window.__web`.
import './style.css';
import * as tf from '@tensorflow/tfjs-core';
import {
  type Detector,
  detectorFromWeights,
  MODEL_PRESETS,
  predictPixels,
  type WeightsDetector,
} from '@aligndet/trainer/browser';
import { PAGE_BACKENDS, type PageBackend, type StartedBackend, startBackend } from './backends';
import { LiveChart } from './charts';
import { COCO_80, COCO_91 } from './coco-names';
import { type DrawnDetections, drawDetections, rgbCanvas } from './draw';
import { checkpointFromFiles, checkpointFromUrl, download, type LoadedCheckpoint, zipRun } from './run-files';
import { startRun, type TrainRun } from './train-client';
import { DEFAULT_SETTINGS, type Preset, type TrainEvent, type TrainSettings } from './train-session';

/** Detections below this are not kept (as `aligndet predict`); the slider filters what is drawn. */
const KEEP_THRESHOLD = 0.05;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);

interface RunState {
  name: string;
  preset: Preset;
  state: string;
  where: string;
  backend: string;
  line: string;
  losses: Array<[number, number]>;
  aps: Array<[number, number]>;
  stats: number[];
  stepMs: number[];
  evalMs: number[];
  error?: string;
}
const web = {
  ready: false,
  backend: '',
  backendLine: '',
  backendError: '',
  /** tfjs's check that this page can run wasm's threaded build (needs cross-origin isolation). */
  wasmMultithread: false,
  checkpoint: '',
  /** `detectorFromWeights`'s format of the loaded checkpoint, its input size and class names' origin. */
  format: '',
  inputSize: [0, 0],
  detect: {
    seq: 0,
    backend: '',
    latencyMs: 0,
    /** Latency of the first detection on each backend (shader compilation on webgl/webgpu). */
    firstMs: {} as Record<string, number>,
    drawn: 0,
    error: '',
    imageSize: [0, 0],
    detections: null as DrawnDetections | null,
  },
  runs: [] as RunState[],
  errors: [] as string[],
  redetect: () => detectNow(),
};
(window as unknown as { __web: typeof web }).__web = web;
window.addEventListener('error', (e) => web.errors.push(e.message));
window.addEventListener('unhandledrejection', (e) => web.errors.push(String(e.reason?.message ?? e.reason)));

// ---------------------------------------------------------------- tabs and backend
for (const tab of document.querySelectorAll<HTMLButtonElement>('.tab'))
  tab.onclick = () => {
    for (const t of document.querySelectorAll<HTMLButtonElement>('.tab')) {
      t.classList.toggle('active', t === tab);
      $(t.dataset.panel!).hidden = t !== tab;
    }
  };
const backendSelect = $<HTMLSelectElement>('backend');
const trainBackend = $<HTMLSelectElement>('train-backend');
for (const sel of [backendSelect, trainBackend])
  for (const b of PAGE_BACKENDS) sel.add(new Option(b === 'auto' ? 'auto (fastest that starts)' : b, b));
backendSelect.value = params.get('backend') ?? 'auto';
trainBackend.value = params.get('trainBackend') ?? 'auto';

let started: StartedBackend | null = null;
async function switchBackend(choice: PageBackend): Promise<void> {
  web.ready = false;
  $('backend-line').textContent = `starting ${choice}…`;
  try {
    started = await startBackend(choice, 'inference');
    web.backend = started.backend;
    web.backendLine = started.line + (started.device ? ` [${started.device}]` : '');
    web.backendError = '';
    web.wasmMultithread = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    $('backend-line').textContent = `${web.backendLine}; crossOriginIsolated ${crossOriginIsolated}`;
    $('backend-line').classList.remove('error');
    if (loaded) buildDetector();
    if (image) await detectNow();
  } catch (error) {
    web.backendError = String((error as Error).message);
    $('backend-line').textContent = `${choice} did not start: ${web.backendError}`;
    $('backend-line').classList.add('error');
  }
  web.ready = true;
}
backendSelect.onchange = () => void switchBackend(backendSelect.value as PageBackend);

// ---------------------------------------------------------------- Detect
let loaded: LoadedCheckpoint | null = null;
let detector: Detector | null = null;
let built: WeightsDetector | null = null;
let detectNames: readonly string[] = [];
let image: (CanvasImageSource & { width: number; height: number }) | null = null;
let lastRaw: DrawnDetections | null = null;
const minSizeInput = $<HTMLInputElement>('min-size');
const maxSizeInput = $<HTMLInputElement>('max-size');

function buildDetector(): void {
  detector?.dispose();
  detector = null;
  built = detectorFromWeights(loaded!.weights, loaded!.file, {
    meta: loaded!.meta,
    numClasses: loaded!.numClasses,
  });
  detector = built.detector;
}

/** Class names, and where they come from: the run's, or COCO's for the PyTorch formats. */
function namesOf(c: LoadedCheckpoint, d: WeightsDetector): [readonly string[], string] {
  if (c.classNames) return [c.classNames, c.classNames.join(', ')];
  if (d.format === 'torchvision-fcos' && d.numClasses === 91)
    return [COCO_91, "COCO's 91 category ids (torchvision's labels)"];
  if (d.format.startsWith('official') && d.numClasses === 80)
    return [COCO_80, "COCO's 80 classes in category-id order (the official code's labels − 1)"];
  const generic = Array.from({ length: d.numClasses }, (_, i) => `class ${i}`);
  return [
    generic,
    `class 0 … class ${d.numClasses - 1} (the file has no names, and ${d.numClasses} is not COCO's count)`,
  ];
}

async function useCheckpoint(get: () => Promise<LoadedCheckpoint>): Promise<void> {
  const status = $('ckpt-status');
  status.textContent = 'loading…';
  status.classList.remove('error');
  try {
    loaded = await get();
    status.textContent = `${loaded.source}: building the detector…`;
    await new Promise((r) => setTimeout(r, 0));
    buildDetector();
    const [names, origin] = namesOf(loaded, built!);
    detectNames = names;
    // the checkpoint's own input size, unless the user unticked that to keep a size (e.g. lowered for speed)
    if ($<HTMLInputElement>('size-from-ckpt').checked) {
      minSizeInput.value = String(built!.size.minSize);
      maxSizeInput.value = String(built!.size.maxSize);
    }
    web.checkpoint = loaded.source;
    web.format = built!.format;
    status.textContent = `${loaded.source}: ${built!.description}; classes: ${origin}; its input size ${built!.size.minSize} px shorter side, ${built!.size.maxSize} at most (lower it for speed)`;
    if (image) await detectNow();
  } catch (error) {
    loaded = null;
    status.textContent = String((error as Error).message);
    status.classList.add('error');
  }
}
for (const input of [minSizeInput, maxSizeInput]) input.onchange = () => void detectNow();
$<HTMLInputElement>('ckpt-files').onchange = (e) => {
  const files = (e.target as HTMLInputElement).files;
  if (files?.length) void useCheckpoint(() => checkpointFromFiles(files));
};
$('ckpt-load').onclick = () => {
  const url = $<HTMLInputElement>('ckpt-url').value.trim();
  if (url) void useCheckpoint(() => checkpointFromUrl(url));
};

/** The picture's pixels as the detector takes them (lossless: no colour conversion). */
function pixelsOf(source: CanvasImageSource & { width: number; height: number }): ImageData {
  const c = new OffscreenCanvas(source.width, source.height);
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0);
  return ctx.getImageData(0, 0, source.width, source.height);
}

async function setImage(blob: Blob): Promise<void> {
  stopWebcam();
  image = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  await detectNow();
}
$<HTMLInputElement>('image-file').onchange = (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void setImage(f);
};
const drop = $('drop');
drop.ondragover = (e) => {
  e.preventDefault();
  drop.classList.add('over');
};
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const files = e.dataTransfer?.files;
  const f = files?.[0];
  if (f?.type.startsWith('image/')) void setImage(f);
  // a checkpoint dropped on the picture: a run's zip or files, or a .safetensors state dict
  else if (files?.length && /\.(zip|json|safetensors)$/.test(f!.name))
    void useCheckpoint(() => checkpointFromFiles(files));
};

const threshold = $<HTMLInputElement>('threshold');
threshold.oninput = () => {
  $('threshold-value').textContent = Number(threshold.value).toFixed(2);
  redraw();
};

function redraw(): void {
  if (!image) return;
  const canvas = $<HTMLCanvasElement>('detect-canvas');
  const dets = lastRaw ?? { boxes: [], scores: [], labels: [] };
  const t = Number(threshold.value);
  web.detect.drawn = drawDetections(canvas, image, dets, detectNames, t);
  const rows: string[] = [];
  for (let k = 0; k < dets.scores.length; k++) {
    if (dets.scores[k]! < t) continue;
    const b = [0, 1, 2, 3].map((i) => dets.boxes[4 * k + i]!.toFixed(1)).join(', ');
    rows.push(
      `<tr><td>${detectNames[dets.labels[k]!] ?? dets.labels[k]}</td><td>${dets.scores[k]!.toFixed(3)}</td><td>${b}</td></tr>`,
    );
  }
  $('det-table').querySelector('tbody')!.innerHTML = rows.join('');
}

let detecting = false;
/** Runs the detector on the current image; returns the latency (ms). */
async function detectNow(): Promise<number> {
  if (!image) return 0;
  if (!detector) {
    lastRaw = null;
    redraw();
    return 0;
  }
  detecting = true;
  try {
    const pixels = pixelsOf(image);
    const size = { minSize: Number(minSizeInput.value), maxSize: Number(maxSizeInput.value) };
    web.inputSize = [size.minSize, size.maxSize];
    const first = !(web.backend in web.detect.firstMs);
    if (first && (web.backend === 'webgl' || web.backend === 'webgpu')) {
      // the first run compiles the shaders on the page's thread (seconds; tens on SwiftShader),
      // during which the page cannot repaint: say so first, and let the message paint
      $('latency').textContent =
        `first detection on ${web.backend}: compiling shaders… (the page does not respond meanwhile)`;
      await nextPaint();
    }
    const t0 = performance.now();
    const { detections, scale } = await predictPixels(detector, pixels, {
      ...size,
      scoreThreshold: KEEP_THRESHOLD,
    });
    const ms = performance.now() - t0;
    if (first) web.detect.firstMs[web.backend] = ms;
    lastRaw = {
      boxes: Array.from(detections.boxes, (v, i) => v * scale[i % 2]!),
      scores: Array.from(detections.scores),
      labels: Array.from(detections.labels),
    };
    Object.assign(web.detect, {
      seq: web.detect.seq + 1,
      backend: web.backend,
      latencyMs: ms,
      error: '',
      imageSize: [image.width, image.height],
      detections: lastRaw,
    });
    $('latency').textContent =
      `${ms.toFixed(0)} ms on ${web.backend} (${image.width}×${image.height} image, ${detections.scores.length} detections ≥ ${KEEP_THRESHOLD})`;
    redraw();
    return ms;
  } catch (error) {
    web.detect.error = String((error as Error).message);
    web.detect.seq++;
    $('latency').textContent = `detection failed: ${web.detect.error}`;
    return 0;
  } finally {
    detecting = false;
  }
}
$('redetect').onclick = () => void detectNow();

/** After the next frame is painted (or 100 ms, for a hidden page whose frames do not run). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 0);
    const timer = setTimeout(done, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      done();
    });
  });
}

// webcam: detections on each frame, as fast as the backend allows
let stream: MediaStream | null = null;
function stopWebcam(): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
  stream = null;
  $('webcam').textContent = 'Webcam';
}
$('webcam').onclick = async () => {
  if (stream) return stopWebcam();
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  } catch (error) {
    $('latency').textContent = `webcam not available: ${(error as Error).message}`;
    return;
  }
  $('webcam').textContent = 'Stop webcam';
  const video = $<HTMLVideoElement>('video');
  video.srcObject = stream;
  await video.play();
  const frame = async () => {
    if (!stream) return;
    if (!detecting) {
      image = await createImageBitmap(video);
      await detectNow();
    }
    requestAnimationFrame(() => void frame());
  };
  void frame();
};

// ---------------------------------------------------------------- Train
const presetSelect = $<HTMLSelectElement>('preset');
for (const p of MODEL_PRESETS) presetSelect.add(new Option(p, p));
presetSelect.value = params.get('preset') ?? DEFAULT_SETTINGS.preset;
const numberInputs: Array<[keyof TrainSettings, string]> = [
  ['iterations', 'iterations'],
  ['batchSize', 'batch'],
  ['baseLr', 'lr'],
  ['evalPeriod', 'eval-period'],
  ['numTrain', 'num-train'],
  ['numVal', 'num-val'],
  ['imageSize', 'image-size'],
  ['seed', 'seed'],
];
for (const [key, id] of numberInputs) {
  const v = params.get(key);
  $<HTMLInputElement>(id).value = v ?? String(DEFAULT_SETTINGS[key]);
}
if (params.get('inPage') === '1') $<HTMLInputElement>('in-page').checked = true;

const lossChart = new LiveChart($('loss-chart'), 'training loss (cls + box + quality)', 'loss', {
  logY: true,
});
const apChart = new LiveChart($('ap-chart'), 'validation AP (COCO, IoU .50:.95, %)', 'AP (%)', {
  points: true,
});
const runs: Array<{ state: RunState; run: TrainRun }> = [];

function readSettings(): TrainSettings {
  const s = { ...DEFAULT_SETTINGS, preset: presetSelect.value as Preset };
  for (const [key, id] of numberInputs)
    (s as Record<string, unknown>)[key] = Number($<HTMLInputElement>(id).value);
  return s;
}

function renderRuns(): void {
  const body = $('runs').querySelector('tbody')!;
  body.replaceChildren(
    ...runs.map(({ state: r, run }) => {
      const tr = document.createElement('tr');
      const last = r.losses[r.losses.length - 1];
      const ap = r.aps[r.aps.length - 1];
      const ms = r.stepMs.slice(-20).sort((a, b) => a - b)[Math.floor(Math.min(20, r.stepMs.length) / 2)];
      tr.innerHTML = `<td>${r.name}</td><td title="${r.line}">${r.where} · ${r.backend}</td><td>${last?.[0] ?? 0}</td><td>${last ? last[1].toFixed(3) : '–'}</td><td>${ap ? (100 * ap[1]).toFixed(1) : '–'}</td><td>${ms ? `${ms.toFixed(0)} ms` : '–'}</td><td></td>`;
      if (r.error) tr.children[1]!.innerHTML += ` <span class="error">${r.error}</span>`;
      if (r.line.includes('software GPU'))
        tr.children[1]!.innerHTML +=
          ' <span class="error">software GPU: steps take seconds to minutes</span>';
      const cell = tr.lastElementChild!;
      const button = (label: string, fn: () => void, enabled = true) => {
        const b = document.createElement('button');
        b.textContent = label;
        b.disabled = !enabled;
        b.onclick = fn;
        b.dataset.action = label.split(' ')[0]!.toLowerCase();
        cell.append(b);
      };
      const live = r.state === 'running' || r.state === 'paused' || r.state === 'starting';
      if (r.state === 'paused') button('Resume', () => run.resume());
      else button('Pause', () => run.pause(), live);
      button('Download run', () => void saveRun(r, run), r.losses.length > 0);
      button('Use in Detect', () => void detectWithRun(r, run), r.losses.length > 0);
      if (live) button('Stop', () => run.stop());
      return tr;
    }),
  );
}

async function saveRun(r: RunState, run: TrainRun): Promise<void> {
  const folder = `web-${r.name.replace(/[^a-z0-9]+/gi, '-')}`;
  download(`${folder}.zip`, zipRun(folder, await run.files()));
}

async function detectWithRun(r: RunState, run: TrainRun): Promise<void> {
  const files = await run.files();
  const bytes = (f: string | Uint8Array) => (typeof f === 'string' ? new TextEncoder().encode(f) : f);
  const list = Object.entries(files).map(([n, d]) => new File([bytes(d) as BlobPart], n));
  if (!image && shownScenes[0])
    image = rgbCanvas(shownScenes[0].width, shownScenes[0].height, shownScenes[0].rgb);
  $('tab-detect').click();
  await useCheckpoint(async () => ({ ...(await checkpointFromFiles(list)), source: `run ${r.name}` }));
}

let shownScenes: Array<{ width: number; height: number; rgb: Uint8Array }> = [];
let classNames: readonly string[] = [];
function showValDetections(name: string, iter: number, dets: DrawnDetections[]): void {
  const box = $('val-images');
  box.replaceChildren(
    ...shownScenes.map((s, i) => {
      const c = document.createElement('canvas');
      drawDetections(c, rgbCanvas(s.width, s.height, s.rgb), dets[i]!, classNames, 0.3, 256);
      return c;
    }),
  );
  $('val-caption').textContent = `${name}, iteration ${iter}: detections scoring ≥ 0.3`;
}

$('train-start').onclick = () => {
  const settings = readSettings();
  const count = runs.filter((r) => r.state.preset === settings.preset).length;
  const r: RunState = {
    name: `${settings.preset}${count ? ` #${count + 1}` : ''}`,
    preset: settings.preset,
    state: 'starting',
    where: '…',
    backend: '…',
    line: '',
    losses: [],
    aps: [],
    stats: [],
    stepMs: [],
    evalMs: [],
  };
  web.runs.push(r);
  const onEvent = (e: TrainEvent) => {
    if (e.type === 'ready') {
      r.backend = e.backend;
      r.line = e.line;
      r.where = entry.run.where;
      shownScenes = e.shown;
      classNames = e.classNames;
    } else if (e.type === 'step') {
      r.losses.push([e.iter, e.loss]);
      r.stepMs.push(e.ms);
      lossChart.add(r.name, e.iter, e.loss);
    } else if (e.type === 'eval') {
      r.aps.push([e.iter, e.ap]);
      r.stats = e.stats;
      r.evalMs.push(e.ms);
      apChart.add(r.name, e.iter, 100 * e.ap);
      showValDetections(r.name, e.iter, e.detections);
    } else if (e.type === 'state') r.state = e.state;
    else if (e.type === 'error') {
      r.error = e.message;
      r.state = 'failed';
    }
    renderRuns();
  };
  const entry = {
    state: r,
    run: startRun(settings, trainBackend.value as PageBackend, onEvent, {
      inPage: $<HTMLInputElement>('in-page').checked,
    }),
  };
  runs.push(entry);
  renderRuns();
};

// ---------------------------------------------------------------- start
void (async () => {
  await switchBackend(backendSelect.value as PageBackend);
  const url = params.get('checkpoint');
  if (url) {
    $<HTMLInputElement>('ckpt-url').value = url;
    await useCheckpoint(() => checkpointFromUrl(url));
  }
  if (params.get('tab') === 'train') $('tab-train').click();
})();
