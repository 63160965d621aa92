import { openFileChunks, readFileBytes as readPlatformFile } from '#read-file';
import { CocoEvalError } from './errors';

/** COCO instances JSON (the parts bbox evaluation reads). */
export interface CocoGroundTruthJson {
  images: Array<{ id: number; [k: string]: unknown }>;
  annotations: Array<{
    id: number;
    image_id: number;
    category_id: number;
    bbox: number[];
    area: number;
    iscrowd?: number | boolean;
    [k: string]: unknown;
  }>;
  categories: Array<{ id: number; name?: string; [k: string]: unknown }>;
}

/** Ground truth in columns (typed arrays), annotations in file order. */
export interface GroundTruth {
  /** Sorted image ids. */
  imageIds: number[];
  /** Sorted category ids. */
  categoryIds: number[];
  categoryNames: Map<number, string>;
  /** Per annotation (file order). */
  imageId: Float64Array;
  categoryId: Float64Array;
  /** `[N, 4]` xywh. */
  bbox: Float64Array;
  area: Float64Array;
  iscrowd: Uint8Array;
  id: Float64Array;
  count: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fail(source: string, record: string, field: string, message: string): never {
  throw new CocoEvalError({ source, record, field, message });
}

/** Reads a file's bytes; errors name the file. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readPlatformFile(path);
  } catch (error) {
    throw new CocoEvalError({
      source: path,
      field: 'file',
      message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    });
  }
}

/**
 * Runs `consume` on file `path` opened for sequential reads (see `#read-file`), closing it after;
 * a file that cannot be opened or read throws the same error as {@link readFileBytes}.
 */
export function withFileChunks<T>(
  path: string,
  consume: (source: { size: number; read(into: Uint8Array, at: number): number }) => T,
): T {
  let file: ReturnType<typeof openFileChunks>;
  const fail = (error: unknown): never => {
    throw new CocoEvalError({
      source: path,
      field: 'file',
      message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    });
  };
  try {
    file = openFileChunks(path);
  } catch (error) {
    return fail(error);
  }
  try {
    const read = (into: Uint8Array, at: number): number => {
      try {
        return file.read(into, at);
      } catch (error) {
        return fail(error);
      }
    };
    return consume({ size: file.size, read });
  } finally {
    file.close();
  }
}

/** Parses the UTF-8 JSON text of file `path`; errors name the file. */
export function parseJsonBytes(path: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CocoEvalError({
      source: path,
      field: 'json',
      message: `malformed JSON: ${(error as Error).message}`,
    });
  }
}

/** Reads and parses a JSON file; errors name the file. */
export function readJsonFile(path: string): unknown {
  return parseJsonBytes(path, readFileBytes(path));
}

/**
 * Validates a COCO instances object (or reads it from a file path) into columns. Every record is
 * checked: ids, `bbox` (4 finite numbers, non-negative size), `area` (finite), `iscrowd`.
 *
 * @example
 * ```ts
 * const gt = loadCocoGroundTruth('instances_val2017.json');
 * gt.imageIds.length; // 5000
 * ```
 */
export function loadCocoGroundTruth(
  input: CocoGroundTruthJson | string,
  source = typeof input === 'string' ? input : '<ground truth>',
): GroundTruth {
  const json = (typeof input === 'string' ? readJsonFile(input) : input) as Partial<CocoGroundTruthJson>;
  if (typeof json !== 'object' || json === null) fail(source, '', 'root', 'expected a JSON object');
  for (const key of ['images', 'annotations', 'categories'] as const) {
    if (!Array.isArray(json[key])) fail(source, '', key, 'missing or not an array');
  }
  const imageIds = json.images!.map((im, i) => {
    if (!finite(im?.id))
      fail(source, `images[${i}]`, 'id', `expected a number, got ${JSON.stringify(im?.id)}`);
    return im.id;
  });
  const categoryNames = new Map<number, string>();
  const categoryIds = json.categories!.map((c, i) => {
    if (!finite(c?.id))
      fail(source, `categories[${i}]`, 'id', `expected a number, got ${JSON.stringify(c?.id)}`);
    categoryNames.set(c.id, typeof c.name === 'string' ? c.name : String(c.id));
    return c.id;
  });
  const anns = json.annotations!;
  const n = anns.length;
  const gt: GroundTruth = {
    imageIds: [...new Set(imageIds)].sort((a, b) => a - b),
    categoryIds: [...new Set(categoryIds)].sort((a, b) => a - b),
    categoryNames,
    imageId: new Float64Array(n),
    categoryId: new Float64Array(n),
    bbox: new Float64Array(4 * n),
    area: new Float64Array(n),
    iscrowd: new Uint8Array(n),
    id: new Float64Array(n),
    count: n,
  };
  for (let i = 0; i < n; i++) {
    const a = anns[i]!;
    const rec = `annotations[${i}]`;
    if (typeof a !== 'object' || a === null) fail(source, rec, 'record', 'expected an object');
    if (!finite(a.id)) fail(source, rec, 'id', `expected a number, got ${JSON.stringify(a.id)}`);
    if (!finite(a.image_id))
      fail(source, rec, 'image_id', `expected a number, got ${JSON.stringify(a.image_id)}`);
    if (!finite(a.category_id))
      fail(source, rec, 'category_id', `expected a number, got ${JSON.stringify(a.category_id)}`);
    const b = a.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(finite))
      fail(source, rec, 'bbox', `expected [x, y, w, h] of finite numbers, got ${JSON.stringify(b)}`);
    if (b[2]! < 0 || b[3]! < 0) fail(source, rec, 'bbox', `negative width or height in ${JSON.stringify(b)}`);
    if (!finite(a.area)) fail(source, rec, 'area', `expected a finite number, got ${JSON.stringify(a.area)}`);
    gt.imageId[i] = a.image_id;
    gt.categoryId[i] = a.category_id;
    gt.bbox.set(b as number[], 4 * i);
    gt.area[i] = a.area;
    gt.iscrowd[i] = a.iscrowd ? 1 : 0;
    gt.id[i] = a.id;
  }
  return gt;
}
