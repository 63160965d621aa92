import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../src/index';
import { COCO_FIXTURES } from './fixtures-dir';

const cases = readdirSync(COCO_FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('pycocotools parity on ../shared/fixtures/coco-eval (|Δ| ≤ 1e-9 per number)', () => {
  it('finds the reference cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'a_tiny',
        'b_crowd',
        'c_area_bounds',
        'd_empty_images',
        'f_maxdets',
        'm_medium_public',
      ]),
    );
  });

  for (const name of cases) {
    it(`${name}: 12 stats and per-category AP/AP50/AP75/AR100`, () => {
      const dir = join(COCO_FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const r = evaluateCoco(join(dir, 'gt.json'), join(dir, 'dt.json'));
      expect(r.stats).toHaveLength(12);
      r.stats.forEach((v, i) => {
        expect(
          Math.abs(v - expected.stats[i]),
          `stats[${i}] ${expected.stat_names[i]}: got ${v}, expected ${expected.stats[i]}`,
        ).toBeLessThanOrEqual(1e-9);
      });
      expect(Object.keys(r.perCategory).sort()).toEqual(Object.keys(expected.per_category).sort());
      for (const [cat, e] of Object.entries(expected.per_category) as Array<
        [string, Record<string, number>]
      >) {
        for (const key of ['ap', 'ap50', 'ap75', 'ar100'] as const) {
          const got = r.perCategory[cat]![key];
          expect(
            Math.abs(got - e[key]!),
            `category ${cat} ${key}: got ${got}, expected ${e[key]}`,
          ).toBeLessThanOrEqual(1e-9);
        }
      }
    });
  }
});
