import { describe, expect, it } from 'vitest';
import { dejaVuSansFiles } from '../../src/platform/system-fonts-node';
import {
  barChart,
  chartToSvg,
  layoutOverlay,
  loadResvg,
  type OverlayBox,
  overlaySvg,
  rasterizeSvg,
  resvgTextMeasure,
} from '../../src/plot/index';
import { fontOptions } from '../../src/plot/resvg';

const resvg = await loadResvg();
const dejaVu = dejaVuSansFiles();

/** What the pictures looked like before the font choice: resvg with every system font. */
const withAllSystemFonts = (svg: string) =>
  new resvg!.Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: 'white',
  })
    .render()
    .asPng();

const overlay = (labels: string[]) => {
  const boxes: OverlayBox[] = labels.map((label, i) => ({
    box: [10 + 70 * i, 40, 70 + 70 * i, 110],
    label,
    score: 0.5 + 0.1 * i,
    classIndex: i,
  }));
  const layout = layoutOverlay(240, 140, boxes, { measureText: resvgTextMeasure(resvg!) });
  // a 1×1 grey PNG stretched under the boxes
  const grey = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==';
  return overlaySvg(layout, `data:image/png;base64,${grey}`);
};

if (!resvg || !dejaVu) {
  it.skip(`font choice: excluded (needs @resvg/resvg-js and DejaVu Sans, e.g. Debian fonts-dejavu-core; resvg ${!!resvg}, DejaVu Sans ${!!dejaVu})`, () => {});
} else {
  describe('figures drawn with only the DejaVu Sans files equal figures drawn with all system fonts', () => {
    it('finds the regular face first; Latin pictures get only those files, others every system font', async () => {
      expect(dejaVu[0]).toMatch(/DejaVuSans\.ttf$/);
      expect(fontOptions(overlay(['person']))).toMatchObject({ loadSystemFonts: false, fontFiles: dejaVu });
      expect(fontOptions(overlay(['自行车'])).loadSystemFonts).toBe(true);
      expect(fontOptions('<text font-family="Liberation Serif">x</text>').loadSystemFonts).toBe(true);
      const chart = await chartToSvg(
        barChart({ title: 't', valueLabel: 'v', bars: [{ label: 'a', value: 1 }] }),
      );
      expect(fontOptions(chart).loadSystemFonts).toBe(false);
    });
    it('chart with a bold title, axis labels and numbers: identical PNG bytes', async () => {
      const svg = await chartToSvg(
        barChart({
          title: 'AP per model',
          valueLabel: 'AP (%)',
          bars: [
            { label: 'fcos', value: 9.9 },
            { label: 'aligndet', value: 15.6 },
          ],
        }),
      );
      expect(Buffer.from(rasterizeSvg(resvg, svg)).equals(Buffer.from(withAllSystemFonts(svg)))).toBe(true);
    });
    it('detection overlay with Latin, Greek and Cyrillic names: identical PNG bytes', () => {
      const svg = overlay(['Traffic Light (L)/#2', 'ζώο', 'кошка']);
      expect(Buffer.from(rasterizeSvg(resvg, svg)).equals(Buffer.from(withAllSystemFonts(svg)))).toBe(true);
    });
    it('names beyond DejaVu Sans (CJK) still use every system font: identical to the old drawing', () => {
      const svg = overlay(['café 自行车', 'person']);
      expect(Buffer.from(rasterizeSvg(resvg, svg)).equals(Buffer.from(withAllSystemFonts(svg)))).toBe(true);
    });
    it('an SVG asking for another family first keeps the system fonts', () => {
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" font-size="20" font-family="Liberation Serif, serif">Serif text</text></svg>';
      expect(Buffer.from(rasterizeSvg(resvg, svg)).equals(Buffer.from(withAllSystemFonts(svg)))).toBe(true);
    });
  });
}
