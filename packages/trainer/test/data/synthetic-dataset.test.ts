import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../src/data/image/decode-image';
import { renderScene } from '../../src/data/synthetic/render-scene';
import { generateSyntheticDataset } from '../../src/data/synthetic/generate-synthetic-dataset';
import { SYNTHETIC_CLASSES } from '../../src/data/synthetic/shapes';
import { Random } from '../../src/util/random';

describe('built-in synthetic dataset', () => {
  it('the same seed writes byte-identical files; another seed differs', async () => {
    const a = mkdtempSync(join(tmpdir(), 'shapes-a-'));
    const b = mkdtempSync(join(tmpdir(), 'shapes-b-'));
    const c = mkdtempSync(join(tmpdir(), 'shapes-c-'));
    await generateSyntheticDataset({ outDir: a, seed: 7, numTrain: 6, numVal: 2 });
    await generateSyntheticDataset({ outDir: b, seed: 7, numTrain: 6, numVal: 2 });
    await generateSyntheticDataset({ outDir: c, seed: 8, numTrain: 6, numVal: 2 });
    const read = (d: string, f: string) => readFileSync(join(d, f));
    expect(read(a, 'train/annotations.json').equals(read(b, 'train/annotations.json'))).toBe(true);
    expect(read(a, 'val/images/000002.png').equals(read(b, 'val/images/000002.png'))).toBe(true);
    expect(read(a, 'train/images/000001.png').equals(read(c, 'train/images/000001.png'))).toBe(false);
  });

  it('writes valid COCO: boxes inside the image, categories 1..5, areas ≤ box areas, PNGs of the stated size', async () => {
    const d = mkdtempSync(join(tmpdir(), 'shapes-'));
    const { train } = await generateSyntheticDataset({ outDir: d, seed: 1, numTrain: 30, numVal: 1 });
    const json = JSON.parse(readFileSync(train.annotations, 'utf8'));
    expect(json.categories.map((c: { name: string }) => c.name)).toEqual([...SYNTHETIC_CLASSES]);
    expect(json.images).toHaveLength(30);
    for (const a of json.annotations) {
      const [x, y, w, h] = a.bbox;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(128);
      expect(y + h).toBeLessThanOrEqual(128);
      expect(a.area).toBeLessThanOrEqual(w * h);
      expect(a.category_id).toBeGreaterThanOrEqual(1);
      expect(a.category_id).toBeLessThanOrEqual(5);
    }
    const img = await decodeImageFile(join(train.images, json.images[0].file_name), 'js');
    expect([img.width, img.height]).toEqual([128, 128]);
  });

  it('covers strongly varying scales and aspect ratios, and every class', () => {
    const rng = new Random(3);
    const sizes: number[] = [];
    const aspects: number[] = [];
    const classes = new Set<number>();
    for (let i = 0; i < 150; i++) {
      for (const o of renderScene(rng).objects) {
        sizes.push(Math.sqrt(o.bbox[2] * o.bbox[3]));
        aspects.push(o.bbox[2] / o.bbox[3]);
        classes.add(o.cls);
      }
    }
    expect(classes.size).toBe(5);
    expect(Math.min(...sizes)).toBeLessThan(8);
    expect(Math.max(...sizes)).toBeGreaterThan(64);
    expect(Math.min(...aspects)).toBeLessThan(0.5);
    expect(Math.max(...aspects)).toBeGreaterThan(2);
  });

  it('annotated boxes are tight around object pixels that differ from the background', () => {
    // render one scene with a single object and no clutter, on a flat background
    const scene = renderScene(new Random(11), {
      imageSize: 64,
      objectsPerImage: [1, 1],
      objectSize: [20, 20],
      maxAspect: 1,
      clutterStrokes: [0, 0],
      minVisibleFraction: 0.1,
    });
    expect(scene.objects).toHaveLength(1);
    const [x, y, w, h] = scene.objects[0]!.bbox;
    // pixels just outside the box on each side belong to the background (rows/cols x-1, x+w)
    expect(x + w).toBeLessThanOrEqual(64);
    expect(w).toBeGreaterThan(10);
    expect(h).toBeGreaterThan(10);
    expect(scene.objects[0]!.area).toBeGreaterThan(0.3 * w * h);
    expect(y).toBeGreaterThanOrEqual(0);
  });
});
