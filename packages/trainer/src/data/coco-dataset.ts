import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from './data-error';
import { decodeImageFile, type DecoderChoice } from './image/decode-image';
import type { RawImage } from './image/raw-image';

/** What to do with a bad record: stop with a {@link DataError}, or skip it and count it. */
export type BadDataPolicy = 'error' | 'skip';

/** Options of {@link CocoDataset.load}. */
export interface CocoDatasetOptions {
  /** Folder the `file_name`s are relative to. Default: `images/` beside the JSON file. */
  imageDir?: string;
  /** Bad annotations (degenerate or out-of-image boxes, unknown category): `error` (default) or `skip`. */
  onBadAnnotation?: BadDataPolicy;
  /** Keep images without (non-crowd) annotations. Default true (they teach "background"). */
  keepEmptyImages?: boolean;
  /** Image decoder. Default `auto` (sharp when installed, else pure JS). */
  decoder?: DecoderChoice;
}

/** One image's record after validation; boxes are xyxy pixels, labels contiguous 0-based. */
export interface CocoImageRecord {
  imageId: number;
  fileName: string;
  width: number;
  height: number;
  /** `[G, 4]` xyxy of the non-crowd boxes. */
  boxes: Float32Array;
  /** `[G]` contiguous class index. */
  labels: Int32Array;
  /** `[C, 4]` xyxy of crowd regions (not used as targets). */
  crowdBoxes: Float32Array;
}

/** A decoded sample: the image and its targets. */
export interface CocoSample extends CocoImageRecord {
  image: RawImage;
}

/** Counts of what {@link CocoDataset.load} skipped under the `skip` policy. */
export interface SkipCounts {
  degenerateBox: number;
  outOfImageBox: number;
  unknownCategory: number;
  unknownImage: number;
}

interface RawAnnotation {
  id?: number;
  image_id?: unknown;
  category_id?: unknown;
  bbox?: unknown;
  iscrowd?: unknown;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A COCO-format detection dataset (instances JSON + image folder) with an explicit mapping from
 * COCO category ids to contiguous class indices (and back, for writing results). Crowd boxes are
 * kept apart from the targets; images without annotations are allowed.
 *
 * @example
 * ```ts
 * const ds = CocoDataset.load('data/shapes/train/annotations.json');
 * ds.numClasses; ds.categoryIdOf(0); // COCO id of class 0
 * const sample = await ds.get(0);   // { image, boxes, labels, ... }
 * ```
 */
export class CocoDataset {
  readonly skipped: SkipCounts;

  private constructor(
    readonly annotationFile: string,
    readonly imageDir: string,
    readonly records: CocoImageRecord[],
    /** Contiguous index → COCO category id. */
    readonly categoryIds: number[],
    /** Contiguous index → category name. */
    readonly categoryNames: string[],
    skipped: SkipCounts,
    private readonly decoder: DecoderChoice,
  ) {
    this.skipped = skipped;
  }

  /** Reads and validates an instances JSON file. Errors name the file, the record and the field. */
  static load(annotationFile: string, options: CocoDatasetOptions = {}): CocoDataset {
    let text: string;
    try {
      text = readFileSync(annotationFile, 'utf8');
    } catch (error) {
      throw new DataError({
        file: annotationFile,
        field: 'file',
        message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DataError({
        file: annotationFile,
        field: 'json',
        message: `malformed JSON: ${(error as Error).message}`,
      });
    }
    return CocoDataset.fromJson(json, annotationFile, options);
  }

  /** Builds a dataset from an already parsed instances object (`file` is used in messages). */
  static fromJson(json: unknown, file: string, options: CocoDatasetOptions = {}): CocoDataset {
    const policy = options.onBadAnnotation ?? 'error';
    const root = json as { images?: unknown; annotations?: unknown; categories?: unknown };
    for (const key of ['images', 'annotations', 'categories'] as const) {
      if (!Array.isArray(root?.[key]))
        throw new DataError({ file, field: key, message: 'missing or not an array' });
    }
    const cats = root.categories as Array<{ id?: unknown; name?: unknown }>;
    const categoryIds: number[] = [];
    const categoryNames: string[] = [];
    cats.forEach((c, i) => {
      if (!Number.isInteger(c?.id))
        throw new DataError({
          file,
          record: `categories[${i}]`,
          field: 'id',
          message: `expected an integer, got ${JSON.stringify(c?.id)}`,
        });
      const first = categoryIds.indexOf(c.id as number);
      if (first >= 0)
        throw new DataError({
          file,
          record: `categories[${i}]`,
          field: 'id',
          message: `duplicate id ${c.id} (also categories[${first}])`,
        });
      categoryIds.push(c.id as number);
      categoryNames.push(typeof c.name === 'string' ? c.name : String(c.id));
    });
    const order = categoryIds.map((id, i) => [id, i] as const).sort((a, b) => a[0] - b[0]);
    const sortedIds = order.map(([id]) => id);
    const sortedNames = order.map(([, i]) => categoryNames[i]!);
    const indexOfCat = new Map(sortedIds.map((id, i) => [id, i]));

    const images = root.images as Array<{
      id?: unknown;
      file_name?: unknown;
      width?: unknown;
      height?: unknown;
    }>;
    const byId = new Map<
      number,
      { rec: CocoImageRecord; boxes: number[]; labels: number[]; crowd: number[] }
    >();
    const indexOfImage = new Map<number, number>();
    images.forEach((im, i) => {
      const record = `images[${i}]`;
      if (!Number.isInteger(im?.id))
        throw new DataError({
          file,
          record,
          field: 'id',
          message: `expected an integer, got ${JSON.stringify(im?.id)}`,
        });
      const first = indexOfImage.get(im.id as number);
      if (first !== undefined)
        throw new DataError({
          file,
          record,
          field: 'id',
          message: `duplicate id ${im.id} (also images[${first}])`,
        });
      indexOfImage.set(im.id as number, i);
      if (typeof im.file_name !== 'string')
        throw new DataError({ file, record, field: 'file_name', message: 'missing' });
      for (const f of ['width', 'height'] as const) {
        if (!isFiniteNumber(im[f]) || (im[f] as number) <= 0)
          throw new DataError({
            file,
            record,
            field: f,
            message: `expected a positive number, got ${JSON.stringify(im[f])}`,
          });
      }
      const rec: CocoImageRecord = {
        imageId: im.id as number,
        fileName: im.file_name,
        width: im.width as number,
        height: im.height as number,
        boxes: new Float32Array(0),
        labels: new Int32Array(0),
        crowdBoxes: new Float32Array(0),
      };
      byId.set(rec.imageId, { rec, boxes: [], labels: [], crowd: [] });
    });

    const skipped: SkipCounts = { degenerateBox: 0, outOfImageBox: 0, unknownCategory: 0, unknownImage: 0 };
    const bad = (kind: keyof SkipCounts, record: string, field: string, message: string) => {
      if (policy === 'skip') skipped[kind]++;
      else throw new DataError({ file, record, field, message });
    };
    for (const [i, a] of (root.annotations as RawAnnotation[]).entries()) {
      if (typeof a !== 'object' || a === null)
        throw new DataError({
          file,
          record: `annotations[${i}]`,
          field: 'annotation',
          message: `expected an object, got ${JSON.stringify(a)}`,
        });
      const record = `annotations[${i}]${a.id !== undefined ? ` (id ${a.id})` : ''}`;
      const entry = byId.get(a.image_id as number);
      if (!entry) {
        bad('unknownImage', record, 'image_id', `unknown image id ${JSON.stringify(a.image_id)}`);
        continue;
      }
      const cls = indexOfCat.get(a.category_id as number);
      if (cls === undefined) {
        bad('unknownCategory', record, 'category_id', `unknown category id ${JSON.stringify(a.category_id)}`);
        continue;
      }
      const b = a.bbox;
      if (!Array.isArray(b) || b.length !== 4 || !b.every(isFiniteNumber)) {
        bad(
          'degenerateBox',
          record,
          'bbox',
          `expected [x, y, w, h] of finite numbers, got ${JSON.stringify(b)}`,
        );
        continue;
      }
      const [x, y, w, h] = b as number[];
      if (!(w! > 0 && h! > 0)) {
        bad(
          'degenerateBox',
          record,
          'bbox',
          `degenerate box ${JSON.stringify(b)} (width and height must be > 0)`,
        );
        continue;
      }
      const { rec } = entry;
      const x1 = Math.max(0, x!);
      const y1 = Math.max(0, y!);
      const x2 = Math.min(rec.width, x! + w!);
      const y2 = Math.min(rec.height, y! + h!);
      if (!(x2 > x1 && y2 > y1)) {
        bad(
          'outOfImageBox',
          record,
          'bbox',
          `box ${JSON.stringify(b)} lies outside the ${rec.width}x${rec.height} image`,
        );
        continue;
      }
      if (a.iscrowd === 1 || a.iscrowd === true) entry.crowd.push(x1, y1, x2, y2);
      else {
        entry.boxes.push(x1, y1, x2, y2);
        entry.labels.push(cls);
      }
    }

    const records: CocoImageRecord[] = [];
    for (const { rec, boxes, labels, crowd } of byId.values()) {
      rec.boxes = Float32Array.from(boxes);
      rec.labels = Int32Array.from(labels);
      rec.crowdBoxes = Float32Array.from(crowd);
      if (labels.length > 0 || (options.keepEmptyImages ?? true)) records.push(rec);
    }
    records.sort((p, q) => p.imageId - q.imageId);
    const imageDir = options.imageDir ?? join(dirname(resolve(file)), 'images');
    return new CocoDataset(
      file,
      imageDir,
      records,
      sortedIds,
      sortedNames,
      skipped,
      options.decoder ?? 'auto',
    );
  }

  /** Number of images. */
  get length(): number {
    return this.records.length;
  }

  /** Number of classes (categories). */
  get numClasses(): number {
    return this.categoryIds.length;
  }

  /** COCO category id of contiguous class `index` (for writing results). */
  categoryIdOf(index: number): number {
    const id = this.categoryIds[index];
    if (id === undefined)
      throw new RangeError(`class index ${index} out of range [0, ${this.numClasses - 1}]`);
    return id;
  }

  /** Decodes image `index` and returns it with its targets. */
  async get(index: number): Promise<CocoSample> {
    const rec = this.records[index];
    if (!rec) throw new RangeError(`image index ${index} out of range [0, ${this.length - 1}]`);
    const image = await decodeImageFile(join(this.imageDir, rec.fileName), this.decoder);
    if (image.width !== rec.width || image.height !== rec.height) {
      throw new DataError({
        file: join(this.imageDir, rec.fileName),
        record: `image id ${rec.imageId}`,
        field: 'size',
        message: `decoded ${image.width}x${image.height}, annotations say ${rec.width}x${rec.height}`,
      });
    }
    return { ...rec, image };
  }
}
