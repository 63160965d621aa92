import { describe, expect, it } from 'vitest';
import { meanStd, summarize, summaryMarkdown } from '../src/summarize';
import { ABLATION_VARIANTS, variantSlug } from '../src/variants';

const stats = (ap: number, apl = 0.5) => [ap, ap + 0.1, ap - 0.05, 0.1, 0.2, apl, 0, 0, 0, 0, 0, 0];

describe('ablation summary', () => {
  it('mean and sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0 });
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9]).std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(() => meanStd([])).toThrow(/no values/);
  });

  it('groups runs by variant in the given order, in percent; −1 columns become "–"', () => {
    const rows = summarize(
      [
        { variant: 'b', seed: 1, stats: stats(0.3), seconds: 1 },
        { variant: 'a', seed: 0, stats: stats(0.1, -1), seconds: 1 },
        { variant: 'b', seed: 0, stats: stats(0.2), seconds: 1 },
      ],
      ['a', 'b', 'missing'],
    );
    expect(rows.map((r) => r.variant)).toEqual(['a', 'b']);
    expect(rows[1]!.seeds).toEqual([0, 1]);
    expect(rows[1]!.columns.AP!.mean).toBeCloseTo(25, 10);
    expect(rows[1]!.columns.AP!.std).toBeCloseTo(Math.sqrt(50), 10);
    expect(rows[0]!.columns.APl).toBeNull();
    const md = summaryMarkdown(rows).split('\n');
    expect(md[0]).toBe('| model | seeds | AP | AP50 | AP75 | APs | APm | APl |');
    expect(md[2]).toBe('| a | 1 | 10.0 ± 0.0 | 20.0 ± 0.0 | 5.0 ± 0.0 | 10.0 ± 0.0 | 20.0 ± 0.0 | – |');
    expect(md[3]).toContain('| b | 2 | 25.0 ± 7.1 |');
  });

  it('every variant has a distinct run folder name and a valid preset override', () => {
    const slugs = ABLATION_VARIANTS.map((v) => variantSlug(v.name));
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(variantSlug('aligndet (official)')).toBe('aligndet-official');
    for (const v of ABLATION_VARIANTS)
      expect(v.overrides.some((o) => o.startsWith('model.preset='))).toBe(true);
  });
});
