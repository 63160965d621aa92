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
});
