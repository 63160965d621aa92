// A run folder in the page: zipped for download (unzip it and `aligndet eval <folder>` reads it),
// and read back from a zip, from picked files, or from a URL of a run folder served over HTTP.
// A lone .safetensors (a torchvision or official FCOS state dict) is a checkpoint too: its format
// is told from its keys by `detectorFromWeights`.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** A checkpoint the Detect panel can load: a run's (meta, weights, class names) or a lone weights file. */
export interface LoadedCheckpoint {
  /** The bytes of the `.safetensors`. */
  weights: Uint8Array;
  /** Its file name, for messages. */
  file: string;
  /** A run's parsed `<checkpoint>.json` (holds the config); absent for a PyTorch state dict. */
  meta?: unknown;
  /** A run's class count and names (`categories.json`); absent for a PyTorch state dict. */
  numClasses?: number;
  classNames?: string[];
  /** Where it came from, for the status line. */
  source: string;
}

/** The run's files as one zip (one folder `folder/` inside). */
export function zipRun(folder: string, files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [
        `${folder}/${name}`,
        typeof data === 'string' ? strToU8(data) : data,
      ]),
    ),
  );
}

/** Offers bytes as a file download. */
export function download(name: string, bytes: Uint8Array, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function pick(files: Map<string, Uint8Array>, source: string): LoadedCheckpoint {
  const base = (n: string) => n.split('/').pop()!;
  const byBase = new Map([...files].map(([n, d]) => [base(n), d]));
  // the checkpoint `aligndet eval` would load: model_best, else the newest periodic one
  const metas = [...byBase.keys()].filter((n) => /^model_[A-Za-z0-9_]+\.json$/.test(n)).sort();
  const metaName = metas.includes('model_best.json') ? 'model_best.json' : metas.pop();
  const lone = [...byBase.keys()].filter((n) => n.endsWith('.safetensors'));
  if (!metaName && lone.length === 1) return { weights: byBase.get(lone[0]!)!, file: lone[0]!, source };
  if (!metaName)
    throw new Error(
      `${source}: no model_<name>.json checkpoint among the files, and not a single .safetensors (a torchvision or official FCOS state dict)`,
    );
  const meta = JSON.parse(strFromU8(byBase.get(metaName)!)) as { weights?: string };
  const weightsName = meta.weights ?? metaName.replace(/\.json$/, '.safetensors');
  const weights = byBase.get(weightsName);
  if (!weights)
    throw new Error(`${source}: ${metaName} names weights ${weightsName}, which is not among the files`);
  const cats = byBase.get('categories.json');
  if (!cats) throw new Error(`${source}: categories.json (the class names of the run) is missing`);
  const categories = JSON.parse(strFromU8(cats)) as { ids: number[]; names: string[] };
  return {
    meta,
    weights,
    file: weightsName,
    numClasses: categories.ids.length,
    classNames: categories.names,
    source: `${source} (${metaName})`,
  };
}

/**
 * A checkpoint from picked or dropped files: a run's zip, or its `model_*.json`, weights and
 * `categories.json`, or one `.safetensors` state dict (torchvision / official FCOS).
 */
export async function checkpointFromFiles(list: ArrayLike<File>): Promise<LoadedCheckpoint> {
  const files = new Map<string, Uint8Array>();
  for (const f of Array.from(list)) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    if (f.name.endsWith('.zip')) for (const [n, d] of Object.entries(unzipSync(bytes))) files.set(n, d);
    else files.set(f.name, bytes);
  }
  const names = Array.from(list, (f) => f.name).join(', ');
  return pick(files, names);
}

/** A checkpoint from a run folder served at `url` (e.g. `runs/demo/`), a run's zip URL, or a `.safetensors` URL. */
export async function checkpointFromUrl(url: string): Promise<LoadedCheckpoint> {
  const get = async (u: string) => {
    const r = await fetch(u);
    if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
    return new Uint8Array(await r.arrayBuffer());
  };
  if (url.endsWith('.zip')) return pick(new Map(Object.entries(unzipSync(await get(url)))), url);
  if (url.endsWith('.safetensors')) return pick(new Map([[url, await get(url)]]), url);
  const dir = url.endsWith('/') ? url : `${url}/`;
  const files = new Map<string, Uint8Array>();
  files.set('categories.json', await get(`${dir}categories.json`));
  const meta = await get(`${dir}model_best.json`);
  files.set('model_best.json', meta);
  const weights = (JSON.parse(strFromU8(meta)) as { weights?: string }).weights ?? 'model_best.safetensors';
  files.set(weights, await get(`${dir}${weights}`));
  return pick(files, dir);
}
