import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CocoDataset } from '../../src/data/coco-dataset';
import { DataError } from '../../src/data/data-error';

const base = () => ({
  images: [
    { id: 10, file_name: 'a.png', width: 100, height: 80 },
    { id: 3, file_name: 'b.png', width: 50, height: 50 },
  ],
  annotations: [
    { id: 1, image_id: 10, category_id: 7, bbox: [10, 10, 20, 30], iscrowd: 0 },
    { id: 2, image_id: 10, category_id: 2, bbox: [90, 70, 20, 20], iscrowd: 0 },
    { id: 3, image_id: 10, category_id: 2, bbox: [0, 0, 50, 50], iscrowd: 1 },
  ],
  categories: [
    { id: 7, name: 'seven' },
    { id: 2, name: 'two' },
  ],
});

describe('CocoDataset', () => {
  it('maps category ids to contiguous indices in id order and back', () => {
    const ds = CocoDataset.fromJson(base(), 'gt.json');
    expect(ds.categoryIds).toEqual([2, 7]);
    expect(ds.categoryNames).toEqual(['two', 'seven']);
    expect(ds.categoryIdOf(1)).toBe(7);
    expect(() => ds.categoryIdOf(2)).toThrow(/class index 2 out of range/);
  });

  it('converts xywh to xyxy, clips to the image, keeps crowd apart and images without annotations', () => {
    const ds = CocoDataset.fromJson(base(), 'gt.json');
    expect(ds.records.map((r) => r.imageId)).toEqual([3, 10]);
    const r = ds.records[1]!;
    expect(Array.from(r.boxes)).toEqual([10, 10, 30, 40, 90, 70, 100, 80]);
    expect(Array.from(r.labels)).toEqual([1, 0]);
    expect(Array.from(r.crowdBoxes)).toEqual([0, 0, 50, 50]);
    expect(ds.records[0]!.labels.length).toBe(0);
    expect(CocoDataset.fromJson(base(), 'gt.json', { keepEmptyImages: false }).length).toBe(1);
  });

  it('throws when a category is unknown, naming the file, the record and the field', () => {
    const j = base();
    j.annotations[0]!.category_id = 99;
    expect(() => CocoDataset.fromJson(j, 'gt.json')).toThrow(
      'gt.json annotations[0] (id 1): category_id: unknown category id 99',
    );
  });

  it('throws when a box is degenerate or outside the image; skip policy counts instead', () => {
    const j = base();
    j.annotations[0]!.bbox = [10, 10, 0, 5];
    expect(() => CocoDataset.fromJson(j, 'gt.json')).toThrow(
      /annotations\[0\] \(id 1\): bbox: degenerate box \[10,10,0,5\]/,
    );
    const k = base();
    k.annotations[1]!.bbox = [200, 10, 5, 5];
    expect(() => CocoDataset.fromJson(k, 'gt.json')).toThrow(
      /bbox: box \[200,10,5,5\] lies outside the 100x80 image/,
    );
    const ds = CocoDataset.fromJson(k, 'gt.json', { onBadAnnotation: 'skip' });
    expect(ds.skipped.outOfImageBox).toBe(1);
    expect(ds.records[1]!.labels.length).toBe(1);
  });

  it('throws when JSON is malformed or a section is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coco-'));
    writeFileSync(join(dir, 'bad.json'), '{"images": [');
    expect(() => CocoDataset.load(join(dir, 'bad.json'))).toThrow(/bad.json: json: malformed JSON/);
    expect(() => CocoDataset.load(join(dir, 'missing.json'))).toThrow(
      /missing.json: file: cannot read: ENOENT/,
    );
    expect(() => CocoDataset.fromJson({ images: [], categories: [] }, 'x.json')).toThrow(
      'x.json: annotations: missing or not an array',
    );
    const j = base();
    (j.images[0] as { width: unknown }).width = 'wide';
    expect(() => CocoDataset.fromJson(j, 'gt.json')).toThrow(
      /images\[0\]: width: expected a positive number, got "wide"/,
    );
  });

  it('get() names the file of a missing or corrupt image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coco-'));
    writeFileSync(join(dir, 'a.png'), 'not an image');
    const ds = CocoDataset.fromJson(base(), join(dir, 'gt.json'), { imageDir: dir, decoder: 'js' });
    await expect(ds.get(1)).rejects.toThrow(DataError);
    await expect(ds.get(1)).rejects.toThrow(/a.png: image: not a PNG or JPEG file/);
    await expect(ds.get(0)).rejects.toThrow(/b.png: image: cannot read image: ENOENT/);
  });
});
