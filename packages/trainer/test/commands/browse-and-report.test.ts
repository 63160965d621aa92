import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCoco } from '@aligndet/coco-eval';
import { describe, expect, it } from 'vitest';
import { browseDataset } from '../../src/commands/browse-dataset';
import { decodeImageBytesJs } from '../../src/data/image/decode-image';
import { encodePng } from '../../src/data/image/encode-png';
import { writeEvalReport } from '../../src/run/write-eval-report';
import { loadResvgSync } from '../../src/viz/load-resvg';

const resvg = loadResvgSync();

function dataset() {
  const dir = mkdtempSync(join(tmpdir(), 'browse-'));
  mkdirSync(join(dir, 'images'));
  const sizes = [
    [320, 200],
    [97, 61],
  ];
  sizes.forEach(([w, h], i) =>
    writeFileSync(
      join(dir, 'images', `${i + 1}.png`),
      encodePng({ width: w!, height: h!, data: new Uint8Array(w! * h! * 3).fill(70 + 60 * i) }),
    ),
  );
  const json = {
    images: sizes.map(([w, h], i) => ({ id: i + 1, file_name: `${i + 1}.png`, width: w, height: h })),
    categories: [
      { id: 1, name: 'Traffic Light (L)/#2' },
      { id: 2, name: 'café 自行车' },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 1, bbox: [10, 40, 80, 100], area: 8000 },
      { id: 2, image_id: 1, category_id: 2, bbox: [150, 60, 120, 100], area: 12000 },
      { id: 3, image_id: 1, category_id: 2, bbox: [20, 20, 0, 5], area: 0 }, // degenerate
      { id: 4, image_id: 2, category_id: 9, bbox: [5, 5, 20, 20], area: 400 }, // unknown category
      { id: 5, image_id: 2, category_id: 2, bbox: [5, 5, 40, 30], area: 1200 },
    ],
  };
  writeFileSync(join(dir, 'annotations.json'), JSON.stringify(json));
  return { dir, json };
}

describe('browseDataset', () => {
  it('prints class counts and the reader’s skip counts, and draws the GT at each image’s size', async () => {
    const { dir } = dataset();
    const lines: string[] = [];
    const { images } = await browseDataset(join(dir, 'annotations.json'), {
      outDir: join(dir, 'out'),
      log: (l) => lines.push(l),
    });
    expect(lines[0]).toMatch(/2 images, 3 boxes, 2 classes/);
    expect(lines).toContain('  Traffic Light (L)/#2 (id 1): 1 boxes');
    expect(lines).toContain('  café 自行车 (id 2): 2 boxes');
    expect(lines.at(-1)).toBe(
      'skipped annotations: 1 degenerate box, 0 out-of-image box, 1 unknown category, 0 unknown image',
    );
    expect(images).toHaveLength(2);
    const sizes = images.map((f) => decodeImageBytesJs(readFileSync(f))).map((im) => [im.width, im.height]);
    expect(sizes).toEqual([
      [320, 200],
      [97, 61],
    ]);
    const first = decodeImageBytesJs(readFileSync(images[0]!));
    expect(Array.from(first.data.subarray(3 * (190 * 320 + 300), 3 * (190 * 320 + 300) + 3))).toEqual([
      70, 70, 70,
    ]);
    expect(existsSync(images[0]!.replace(/\.png$/, '.svg'))).toBe(!resvg);
  });
});

describe('writeEvalReport', () => {
  it('writes the per-class table worst first with names, PR curves and the confusion matrix', async () => {
    const { dir, json } = dataset();
    const results = [
      { image_id: 1, category_id: 1, bbox: [10, 40, 80, 100], score: 0.9 },
      { image_id: 1, category_id: 2, bbox: [0, 0, 30, 30], score: 0.8 },
      { image_id: 2, category_id: 2, bbox: [5, 5, 40, 30], score: 0.4 },
    ];
    const gtFile = join(dir, 'gt.json');
    // the evaluation's own GT: the degenerate and unknown-category records dropped
    writeFileSync(
      gtFile,
      JSON.stringify({ ...json, annotations: json.annotations.filter((a) => a.id !== 3 && a.id !== 4) }),
    );
    const evaluation = evaluateCoco(gtFile, results);
    const out = join(dir, 'eval');
    mkdirSync(out);
    const report = await writeEvalReport(out, evaluation, gtFile, results);
    const rows = JSON.parse(readFileSync(join(out, 'per_class.json'), 'utf8'));
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['café 自行车', 'Traffic Light (L)/#2']);
    expect(rows[0].ap).toBe(evaluation.perCategory['2']!.ap);
    expect(rows[1].ap).toBeCloseTo(1, 12); // the one light found exactly
    expect(report.text).toContain('café 自行车');
    expect(report.text).toMatch(/confusion matrix at IoU ≥ 0.5, score ≥ 0.25/);
    const cm = JSON.parse(readFileSync(join(out, 'confusion_matrix.json'), 'utf8'));
    expect(cm.counts).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 1, 0],
    ]);
    const curves = JSON.parse(readFileSync(join(out, 'pr_curves.json'), 'utf8'));
    expect(curves).toHaveLength(20); // 2 classes × 10 IoU thresholds
    for (const f of ['per-class-ap', 'pr-curves', 'pr-curves-per-iou', 'confusion-matrix']) {
      expect(readFileSync(join(out, `${f}.svg`), 'utf8')).toMatch(/^<svg/);
      if (resvg) expect(decodeImageBytesJs(readFileSync(join(out, `${f}.png`))).width).toBeGreaterThan(200);
    }
  });
});

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
describe('aligndet CLI', () => {
  it.skipIf(!existsSync(cli))(
    '--version prints the package version; every command’s --help shows an example (needs dist/, npm run build)',
    () => {
      const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      const version = JSON.parse(
        readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
      ).version;
      expect(run('--version').stdout.trim()).toBe(version);
      for (const c of [[], ['train'], ['eval'], ['predict'], ['plot'], ['browse']]) {
        const r = run(...c, '--help');
        expect(r.status, c.join(' ')).toBe(0);
        expect(r.stdout, c.join(' ')).toMatch(/\nExamples?:\n {2}\$ aligndet /);
      }
    },
  );
});
