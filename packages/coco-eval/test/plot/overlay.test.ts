import { describe, expect, it } from 'vitest';
import {
  CLASS_COLORS,
  estimateTextWidth,
  layoutOverlay,
  loadResvg,
  type OverlayBox,
  overlaySvg,
  type PlacedTag,
  rasterizeOverlay,
  rasterizeSvg,
  resvgTextMeasure,
  textColorOn,
} from '../../src/plot/index';
import { parseHexColor } from '../../src/plot/colors';
import { pngSize } from './png';

const resvg = await loadResvg();
// text needs resvg and at least one system font (e.g. Debian fonts-dejavu-core)
const canDrawText = !!resvg && resvgTextMeasure(resvg)('x', 10) > 0;

/** WCAG 2 contrast ratio, written out independently of colors.ts. */
function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = parseHexColor(hex).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const overlaps = (a: PlacedTag, b: PlacedTag) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const NAMES = ['Traffic Light (L)/#2', 'café 自行车', 'a < b & "c"', 'person'];

describe('tag colours', () => {
  it('white on dark, black on light', () => {
    expect(textColorOn('#1a1a6e')).toBe('#ffffff');
    expect(textColorOn('#f1ce63')).toBe('#000000');
  });
  it('the chosen text colour reaches WCAG 4.5:1 on every class colour', () => {
    for (const c of CLASS_COLORS) expect(contrastRatio(c, textColorOn(c)), c).toBeGreaterThanOrEqual(4.5);
  });
});

describe('layoutOverlay', () => {
  it('keeps every tag inside the image and apart from the others when there is room', () => {
    for (const [w, h] of [
      [320, 240],
      [640, 480],
      [1600, 1200],
    ]) {
      // four boxes on top of each other: the naive "above the box" spot is the same for all
      const boxes: OverlayBox[] = NAMES.map((label, i) => ({
        box: [0.3 * w, 0.3 * h, 0.7 * w, 0.8 * h],
        label,
        score: 0.9 - 0.1 * i,
        classIndex: i,
      }));
      const { items } = layoutOverlay(w, h, boxes);
      const tags = items.map((it) => it.tag);
      for (const t of tags) {
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.y).toBeGreaterThanOrEqual(0);
        expect(t.x + t.width).toBeLessThanOrEqual(w);
        expect(t.y + t.height).toBeLessThanOrEqual(h);
        expect(t.fontSize).toBeGreaterThanOrEqual(11);
      }
      for (let i = 0; i < tags.length; i++)
        for (let j = i + 1; j < tags.length; j++)
          expect(overlaps(tags[i]!, tags[j]!), `${w}: ${i} vs ${j}`).toBe(false);
      // the most confident is drawn last (on top)
      expect(items.at(-1)!.tag.text).toBe('Traffic Light (L)/#2 0.90');
    }
  });
  it('font grows with the image; a name too long for a small image is shrunk, then cut with an ellipsis', () => {
    const long = 'très long nom de classe: véhicule utilitaire léger';
    const big = layoutOverlay(1600, 1200, [{ box: [10, 10, 50, 50], label: 'x', classIndex: 0 }]);
    const small = layoutOverlay(96, 72, [{ box: [10, 10, 50, 50], label: long, classIndex: 0 }]);
    expect(big.items[0]!.tag.fontSize).toBeGreaterThan(30);
    const t = small.items[0]!.tag;
    expect(t.fontSize).toBe(9);
    expect(t.text.endsWith('…')).toBe(true);
    expect(t.width).toBeLessThanOrEqual(96);
  });
});

describe('overlaySvg', () => {
  it('escapes names, embeds the image and is valid SVG for resvg', () => {
    const layout = layoutOverlay(
      200,
      100,
      NAMES.map((label, i) => ({ box: [10 + 40 * i, 30, 40 + 40 * i, 90], label, classIndex: i })),
    );
    const svg = overlaySvg(layout, 'data:image/png;base64,AAAA');
    expect(svg).toContain('>Traffic Light (L)/#2<');
    expect(svg).toContain('>café 自行车<');
    expect(svg).toContain('>a &lt; b &amp; &quot;c&quot;<');
    expect(svg).toContain('xlink:href="data:image/png;base64,AAAA"');
  });
});

describe.skipIf(!canDrawText)('resvg rendering (needs @resvg/resvg-js and a system font)', () => {
  const W = 240;
  const H = 160;
  const boxes: OverlayBox[] = [
    { box: [20, 50, 120, 150], label: 'café 自行车', score: 0.87, classIndex: 0 },
    { box: [130, 40, 230, 140], label: 'Traffic Light (L)/#2', kind: 'ground-truth', classIndex: 1 },
  ];
  it('draws at the image size, with text inside each tag', async () => {
    const { PNG } = await import('pngjs');
    const measure = resvgTextMeasure(resvg!);
    const layout = layoutOverlay(W, H, boxes, { measureText: measure });
    const src = PNG.sync.write(
      Object.assign(new PNG({ width: W, height: H }), {
        data: Buffer.from(Array.from({ length: W * H }, () => [128, 128, 128, 255]).flat()),
      }),
    );
    const png = rasterizeSvg(resvg!, overlaySvg(layout, `data:image/png;base64,${src.toString('base64')}`));
    expect(pngSize(png)).toEqual({ width: W, height: H });
    const out = PNG.sync.read(Buffer.from(png));
    const px = (x: number, y: number) => Array.from(out.data.subarray(4 * (y * W + x), 4 * (y * W + x) + 3));
    for (const { tag, color } of layout.items) {
      const fill = parseHexColor(color);
      const text = parseHexColor(tag.textColor);
      let textLike = 0;
      for (let y = tag.y; y < tag.y + tag.height; y++)
        for (let x = tag.x; x < tag.x + tag.width; x++) {
          const p = px(x, y);
          const dFill = Math.hypot(...p.map((v, i) => v - fill[i]!));
          const dText = Math.hypot(...p.map((v, i) => v - text[i]!));
          if (dText < dFill) textLike++;
        }
      // glyph coverage of a line of text is roughly 10–30 % of its box
      expect(textLike / (tag.width * tag.height), tag.text).toBeGreaterThan(0.05);
      expect(textLike / (tag.width * tag.height), tag.text).toBeLessThan(0.5);
    }
    expect(px(60, 100)).toEqual([128, 128, 128]); // inside the box, away from lines and tags: the image
    // measured widths follow the text: a long name is wider than a short one at the same size
    expect(measure('Traffic Light (L)/#2', 20)).toBeGreaterThan(2 * measure('café', 20));
  });
});

describe('rasterizeOverlay (no-native fallback)', () => {
  it('draws box lines and tag bars in the class colour and leaves the rest of the image alone', () => {
    const W = 80;
    const H = 60;
    const image = { width: W, height: H, data: new Uint8Array(W * H * 3).fill(10) };
    const layout = layoutOverlay(
      W,
      H,
      [{ box: [10, 30, 50, 55], label: 'ring', score: 0.5, classIndex: 2 }],
      {
        measureText: estimateTextWidth,
      },
    );
    const out = rasterizeOverlay(image, layout);
    const px = (x: number, y: number) => Array.from(out.data.subarray(3 * (y * W + x), 3 * (y * W + x) + 3));
    const c = parseHexColor(CLASS_COLORS[2]!);
    expect(px(10, 45)).toEqual(c); // left edge
    expect(px(50, 55)).toEqual(c); // bottom-right corner
    const t = layout.items[0]!.tag;
    expect(px(t.x + 1, t.y + 1)).toEqual(c); // tag bar
    expect(px(30, 50)).toEqual([10, 10, 10]); // inside the box
    expect(px(75, 5)).toEqual([10, 10, 10]);
    expect(image.data[0]).toBe(10); // input not modified
  });
});
