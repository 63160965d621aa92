import { resolveConfig } from '@aligndet/trainer';
import { describe, expect, it } from 'vitest';
import { HEAD_STUDY_VARIANTS } from '../src/head-variants';
import { variantSlug } from '../src/variants';

describe('head × assigner × RFA study', () => {
  it('has every cell of {fcos, yolo-style} × {usual, aps} × {none, official} once, plus the two Ultralytics-recipe cells, with distinct folders', () => {
    const cells = HEAD_STUDY_VARIANTS.map(
      (v) => `${v.head}/${v.assigner}/${v.rfa}${v.gains ? `/${v.gains}` : ''}`,
    ).sort();
    expect(cells).toEqual(
      [
        'fcos/aps/none',
        'fcos/aps/official',
        'fcos/fcos-rule/none',
        'fcos/fcos-rule/official',
        'yolo-style/aps/none',
        'yolo-style/aps/official',
        'yolo-style/tal/none',
        'yolo-style/tal/official',
        'yolo-style/tal-ultralytics/none/ultralytics',
        'yolo-style/aps/none/ultralytics',
      ].sort(),
    );
    expect(new Set(HEAD_STUDY_VARIANTS.map((v) => variantSlug(v.name))).size).toBe(10);
  });

  it("the FCOS cells are trainer configs with the cell's assigner and RFA", () => {
    const expected = {
      'fcos-rule/none': ['fcos', false],
      'fcos-rule/official': ['fcos-rfa', true],
      'aps/none': ['fcos-aps', false],
      'aps/official': ['aligndet', true],
    } as const;
    for (const v of HEAD_STUDY_VARIANTS.filter((x) => x.head === 'fcos')) {
      expect(v.requires).toBeUndefined();
      const cfg = resolveConfig({}, v.overrides);
      const [preset, rfa] = expected[`${v.assigner}/${v.rfa}` as keyof typeof expected];
      expect(cfg.model.preset).toBe(preset);
      if (rfa) expect(cfg.model.rfa).toBe('official');
    }
  });

  it("the YOLO-style cells are trainer configs with the cell's head, assigner and RFA, none skipped", () => {
    for (const v of HEAD_STUDY_VARIANTS.filter((x) => x.head === 'yolo-style')) {
      expect(v.requires).toBeUndefined();
      const cfg = resolveConfig({}, v.overrides);
      expect(cfg.model.head).toBe('yolo-style');
      expect(cfg.model.assigner).toBe(v.assigner);
      expect(cfg.model.rfa).toBe(v.rfa);
      expect(cfg.model.dflBins).toBe(16);
      expect(cfg.model.lossGains).toEqual(v.gains ? { cls: 0.5, box: 7.5, dfl: 1.5 } : undefined);
    }
  });
});
