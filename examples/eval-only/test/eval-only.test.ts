import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrCurve } from '@aligndet/coco-eval';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('..', import.meta.url));
const repo = join(here, '..', '..');
const sample = join(here, 'sample');
const expected = JSON.parse(readFileSync(join(sample, 'expected.json'), 'utf8')) as {
  stats: number[];
  perCategory: Record<string, { ap: number; ap50: number; ap75: number; ar100: number }>;
  pr50: Record<string, number[]>;
};

/** The `aligndet-coco-eval` CLI, run from its TypeScript source (no build needed). */
function cocoEvalCli(args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repo, 'packages/coco-eval/src/cli.ts'), ...args],
    {
      cwd: repo,
      encoding: 'utf8',
    },
  );
}

describe('eval-only example', () => {
  it('the committed sample is what scripts/make-sample.mjs writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'eval-only-sample-'));
    const r = spawnSync(process.execPath, [join(here, 'scripts/make-sample.mjs'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['gt.json', 'results.json', 'expected.json'])
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(sample, f), 'utf8'));
  });

  const out = mkdtempSync(join(tmpdir(), 'eval-only-'));
  const run = cocoEvalCli([
    '--gt',
    join(sample, 'gt.json'),
    '--dt',
    join(sample, 'results.json'),
    '--json',
    join(out, 'eval.json'),
    '--pr-curves',
    join(out, 'pr.json'),
  ]);

  it('aligndet-coco-eval prints the 12-line summary and exits 0', () => {
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(
      ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ${expected.stats[0]!.toFixed(3)}`,
    );
    expect(lines[3]).toMatch(/area= small .* = -1\.000$/);
  });

  it('--json: the 12 stats and per-category metrics equal the sample’s independently computed values (|Δ| ≤ 1e-12)', () => {
    const r = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(r.stats).toHaveLength(12);
    r.stats.forEach((v: number, i: number) =>
      expect(Math.abs(v - expected.stats[i]!), `stats[${i}]`).toBeLessThanOrEqual(1e-12),
    );
    for (const [id, m] of Object.entries(expected.perCategory))
      for (const k of ['ap', 'ap50', 'ap75', 'ar100'] as const)
        expect(Math.abs(r.perCategory[id][k] - m[k]), `category ${id} ${k}`).toBeLessThanOrEqual(1e-12);
  });

  it('--pr-curves: one named curve per category, precision at the 101 recall thresholds as expected', () => {
    const curves = JSON.parse(readFileSync(join(out, 'pr.json'), 'utf8')) as PrCurve[];
    expect(curves.map((c) => [c.categoryId, c.categoryName, c.iouThreshold])).toEqual([
      [1, 'cyclist', 0.5],
      [2, 'car', 0.5],
      [3, 'sign', 0.5],
    ]);
    for (const c of curves) {
      expect(c.recall).toHaveLength(101);
      c.precision.forEach((p, i) =>
        expect(
          Math.abs(p - expected.pr50[c.categoryId]![i]!),
          `cat ${c.categoryId} r=${c.recall[i]}`,
        ).toBeLessThan(1e-12),
      );
    }
  });

  it('plot-pr-curves.ts draws one line and one legend entry (with AP50) per category', () => {
    const svgFile = join(out, 'pr.svg');
    const r = spawnSync(
      process.execPath,
      [
        '--conditions=@aligndet/source',
        '--import',
        'tsx',
        join(here, 'plot-pr-curves.ts'),
        join(out, 'pr.json'),
        svgFile,
      ],
      { cwd: here, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const [id, name] of [
      ['1', 'cyclist'],
      ['2', 'car'],
      ['3', 'sign'],
    ])
      expect(svg).toContain(`>${name} (AP ${expected.perCategory[id]!.ap50.toFixed(3)})<`);
    expect(svg).toContain('precision–recall at IoU 0.5');
    if (r.stdout.includes('PNG')) expect(existsSync(join(out, 'pr.png'))).toBe(true);
  });

  it('refuses a missing argument with usage and exit code 2', () => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=@aligndet/source', '--import', 'tsx', join(here, 'plot-pr-curves.ts')],
      {
        cwd: here,
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: tsx plot-pr-curves.ts');
  });

  it('the CLI reports a missing results file and exits 1', () => {
    const r = cocoEvalCli(['--gt', join(sample, 'gt.json'), '--dt', join(out, 'missing.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('missing.json');
  });
});
