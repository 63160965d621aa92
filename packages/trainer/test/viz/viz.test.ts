import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutOverlay, resvgTextMeasure } from '@aligndet/coco-eval/plot';
import { describe, expect, it } from 'vitest';
import { decodeImageBytesJs } from '../../src/data/image/decode-image';
import { drawDetections } from '../../src/viz/draw-detections';
import { loadResvgSync } from '../../src/viz/load-resvg';
import { plotRun } from '../../src/viz/plot-run';

const resvg = loadResvgSync();
// text needs resvg and at least one system font (e.g. Debian fonts-dejavu-core)
const canDrawText = !!resvg && resvgTextMeasure(resvg)('x', 10) > 0;

describe('drawDetections', () => {
  it('keeps the image size (no upscaling), for small and large images', () => {
    for (const [w, h] of [
      [50, 40],
      [641, 479],
    ]) {
      const img = { width: w, height: h, data: new Uint8Array(w * h * 3).fill(90) };
      const { png } = drawDetections(img, [
        { box: [5, 5, 30, 30], label: 'Traffic Light (L)/#2', score: 0.5 },
      ]);
      const out = decodeImageBytesJs(png);
      expect([out.width, out.height]).toEqual([w, h]);
    }
  });
  it('the SVG carries every name, escaped, and the image itself', () => {
    const img = { width: 320, height: 240, data: new Uint8Array(320 * 240 * 3) };
    const { svg } = drawDetections(img, [
      { box: [10, 100, 150, 200], label: 'café 自行车', score: 0.91 },
      { box: [160, 100, 300, 200], label: 'a<b', kind: 'ground-truth' },
    ]);
    expect(svg).toContain('>café 自行车 0.91<');
    expect(svg).toContain('>a&lt;b<');
    expect(svg).toContain('data:image/png;base64,');
  });
  it.skipIf(!resvg)(
    'with resvg, text is drawn in the tag and pixels outside boxes and tags are the photo’s',
    () => {
      const W = 300;
      const H = 200;
      const data = new Uint8Array(W * H * 3);
      for (let i = 0; i < W * H; i++) data.set([(i % W) % 256, 100, 50], 3 * i);
      const dets = [
        {
          box: [40, 60, 200, 190] as [number, number, number, number],
          label: 'Traffic Light (L)/#2',
          score: 0.8,
        },
      ];
      const { png, textDrawn } = drawDetections({ width: W, height: H, data }, dets, {
        classNames: ['Traffic Light (L)/#2'],
      });
      expect(textDrawn).toBe(true);
      const out = decodeImageBytesJs(png);
      const px = (x: number, y: number) =>
        Array.from(out.data.subarray(3 * (y * W + x), 3 * (y * W + x) + 3));
      expect(px(250, 20)).toEqual([250, 100, 50]);
      expect(px(120, 150)).toEqual([120, 100, 50]);
      // the tag sits above the box; count pixels of the text colour inside it (the same layout, rebuilt)
      const tag = layoutOverlay(W, H, [{ ...dets[0]!, classIndex: 0 }]).items[0]!.tag;
      expect(tag.y + tag.height).toBeLessThanOrEqual(60);
      let dark = 0;
      for (let y = tag.y; y < tag.y + tag.height; y++)
        for (let x = tag.x; x < tag.x + tag.width; x++) if (px(x, y).every((v) => v < 80)) dark++;
      expect(dark).toBeGreaterThan(100); // black glyphs on the light blue of class 0
    },
  );
});

describe('plotRun', () => {
  it('writes the training summary, loss, lr and AP charts from metrics.jsonl (PNG when resvg is installed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    writeFileSync(
      join(dir, 'metrics.jsonl'),
      [
        { iter: 20, lr: 0.01, loss: 2, loss_cls: 1.5, loss_reg: 0.5 },
        {
          iter: 1500,
          lr: 0.001,
          loss: 1,
          loss_cls: 0.7,
          loss_reg: 0.3,
          'eval/AP': 0.1,
          'eval/AP50': 0.3,
          'eval/AP75': 0.05,
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const files = await plotRun(dir);
    expect(files.filter((f) => f.endsWith('.svg')).map((f) => f.slice(dir.length + 1))).toEqual([
      'results.svg',
      'loss.svg',
      'lr.svg',
      'ap.svg',
    ]);
    const results = readFileSync(join(dir, 'results.svg'), 'utf8');
    for (const title of ['total loss', 'loss_cls', 'loss_reg', 'learning rate', 'val AP (%)', 'val AP50 (%)'])
      expect(results).toContain(`>${title}<`);
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toContain('>1,500<');
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(resvg ? 4 : 0);
    for (const png of files.filter((f) => f.endsWith('.png')))
      expect(decodeImageBytesJs(readFileSync(png)).width).toBeGreaterThan(300);
    expect(existsSync(join(dir, 'results.png'))).toBe(!!resvg);
  });
  it('a folder without metrics is a one-line data error', async () => {
    await expect(plotRun(mkdtempSync(join(tmpdir(), 'empty-')))).rejects.toMatchObject({
      name: 'DataError',
      message: expect.stringMatching(/metrics\.jsonl: metrics: no metrics file/),
    });
  });
});
