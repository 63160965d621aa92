import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COCO_FIXTURES } from './fixtures-dir';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

describe('aligndet-coco-eval CLI', () => {
  it('prints the summary in pycocotools’ 12-line layout and writes --json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const out = join(dir, 'out.json');
    const pr = join(dir, 'pr.json');
    const r = run(
      '--gt',
      join(COCO_FIXTURES, 'a_tiny/gt.json'),
      '--dt',
      join(COCO_FIXTURES, 'a_tiny/dt.json'),
      '--json',
      out,
      '--pr-curves',
      pr,
    );
    expect(r.status).toBe(0);
    // a_tiny's values, checked by hand in its case.json
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.617',
      ' Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.917',
      ' Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.417',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 1.000',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.400',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.450',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = 0.700',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.700',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = 1.000',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.400',
    ]);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.stats).toHaveLength(12);
    expect(json.perCategory['3']).toEqual({ ap: -1, ap50: -1, ap75: -1, ar100: -1 });
    expect(Object.keys(json.perCategory['1'])).toEqual(['ap', 'ap50', 'ap75', 'ar100']);
    const curves = JSON.parse(readFileSync(pr, 'utf8'));
    expect(curves.map((c: { categoryId: number }) => c.categoryId)).toEqual([1, 2]);
    expect(curves[0].categoryName).toBe('cat');
    expect(curves[0].recall).toHaveLength(101);
  });

  it('exits 2 with usage when arguments are missing, 1 with a clear message on bad input', () => {
    const r = run('--gt', 'x.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--gt and --dt are required');
    const bad = run('--gt', join(COCO_FIXTURES, 'a_tiny/gt.json'), '--dt', '/nonexistent/dt.json');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('aligndet-coco-eval: /nonexistent/dt.json: file: cannot read: ENOENT');
  });

  it('--threads 1 and --threads 3 (categories over worker threads) write identical numbers; bad --threads exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const gt = join(COCO_FIXTURES, 'm_medium_public/gt.json');
    const dt = join(COCO_FIXTURES, 'm_medium_public/dt.json');
    const outs = ['1', '3'].map((n) => {
      const out = join(dir, `t${n}.json`);
      const pr = join(dir, `pr${n}.json`);
      const r = run('--gt', gt, '--dt', dt, '--json', out, '--pr-curves', pr, '--threads', n);
      expect(r.status).toBe(0);
      return [r.stdout, readFileSync(out, 'utf8'), readFileSync(pr, 'utf8')];
    });
    expect(outs[1]).toEqual(outs[0]);
    expect(JSON.parse(outs[0]![1]!).stats[0]).toBeGreaterThan(0);
    const bad = run('--gt', gt, '--dt', dt, '--threads', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--threads 0: expected a positive integer');
  });
});
