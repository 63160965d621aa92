import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImageBytesJs } from '../../src/data/image/decode-image';
import { drawDetections } from '../../src/viz/draw-detections';
import { lineChartSvg } from '../../src/viz/line-chart-svg';
import { plotRun } from '../../src/viz/plot-run';

describe('drawDetections', () => {
  it('draws the box outline in the class colour and leaves pixels outside untouched', () => {
    const img = { width: 20, height: 20, data: new Uint8Array(20 * 20 * 3).fill(10) };
    const out = drawDetections(img, [{ box: [5, 12, 15, 18], label: 'ellipse', score: 0.5 }], {
      classNames: ['ellipse'],
      scale: 1,
    });
    const px = (x: number, y: number) =>
      Array.from(out.data.subarray(3 * (y * 20 + x), 3 * (y * 20 + x) + 3));
    expect(px(5, 15)).toEqual([230, 25, 75]); // left edge
    expect(px(15, 18)).toEqual([230, 25, 75]); // bottom-right corner
    expect(px(10, 15)).toEqual([10, 10, 10]); // inside, below the tag
    expect(px(0, 19)).toEqual([10, 10, 10]);
  });
  it('draws the most confident of overlapping detections on top, whatever the input order', () => {
    const img = { width: 40, height: 40, data: new Uint8Array(40 * 40 * 3).fill(10) };
    const box: [number, number, number, number] = [5, 20, 30, 35];
    const dets = [
      { box, label: 'ring', score: 0.9 },
      { box, label: 'ellipse', score: 0.4 },
    ];
    for (const order of [dets, [...dets].reverse()]) {
      const out = drawDetections(img, order, { classNames: ['ellipse', 'ring'], scale: 1 });
      const px = (x: number, y: number) =>
        Array.from(out.data.subarray(3 * (y * 40 + x), 3 * (y * 40 + x) + 3));
      expect(px(5, 27)).toEqual([60, 180, 75]); // the shared left edge: ring's colour (class 1)
    }
  });
  it('upscales small images for readability', () => {
    const out = drawDetections({ width: 50, height: 40, data: new Uint8Array(50 * 40 * 3) }, []);
    expect([out.width, out.height]).toEqual([400, 320]);
  });
});

describe('plots', () => {
  it('lineChartSvg escapes text and draws one path per series', () => {
    const svg = lineChartSvg({
      title: 'a < b',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's1',
          points: [
            [0, 1],
            [1, 2],
          ],
        },
        {
          name: 's2',
          points: [
            [0, 2],
            [1, 3],
          ],
        },
      ],
    });
    expect(svg).toContain('a &lt; b');
    expect(svg.match(/<path /g)).toHaveLength(2);
  });
  it('plotRun writes loss and AP charts from metrics.jsonl (PNG when resvg is installed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    writeFileSync(
      join(dir, 'metrics.jsonl'),
      [
        { iter: 20, loss: 2, loss_cls: 1.5, loss_reg: 0.5 },
        {
          iter: 40,
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
      'loss.svg',
      'ap.svg',
    ]);
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toContain('training loss');
    for (const png of files.filter((f) => f.endsWith('.png'))) {
      const img = decodeImageBytesJs(readFileSync(png));
      expect(img.width).toBeGreaterThan(100);
    }
  });
  it('throws when the folder has no metrics', async () => {
    await expect(plotRun(mkdtempSync(join(tmpdir(), 'empty-')))).rejects.toThrow(/no metrics file/);
  });
});
