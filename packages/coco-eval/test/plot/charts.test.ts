import { describe, expect, it } from 'vitest';
import {
  barChart,
  chartToSvg,
  confusionMatrixChart,
  lineChart,
  loadResvg,
  meanPrCurvesByIou,
  panelChart,
  prCurveChart,
  renderChart,
} from '../../src/plot/index';
import { logTicks } from '../../src/plot/log-ticks';
import { evaluateCoco } from '../../src/index';
import { pngSize } from './png';

const resvg = await loadResvg();
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('charts (vega-lite → SVG → resvg PNG)', () => {
  it('line chart: thousands written out, one legend entry per series, names escaped', async () => {
    const pts = (k: number) =>
      Array.from({ length: 30 }, (_, i) => [100 * (i + 1), k / (i + 1)] as [number, number]);
    const svg = await chartToSvg(
      lineChart({
        title: 'loss <total>',
        xLabel: 'iteration',
        yLabel: 'loss',
        logY: true,
        series: [
          { name: 'total', points: pts(3) },
          { name: 'café 自行车', points: pts(1) },
        ],
      }),
    );
    const t = texts(svg);
    expect(t).toContain('2,000');
    expect(t.some((s) => /e[+-]\d/.test(s))).toBe(false);
    expect(t).toEqual(expect.arrayContaining(['total', 'café 自行车', 'loss &lt;total&gt;']));
    // log axis labelled at 1-2-5 steps, not one label per decade
    expect(t).toEqual(expect.arrayContaining(['0.1', '0.2', '0.5', '1', '2']));
  });
  it('bar chart: one bar and one value label per entry, in the given order', async () => {
    const svg = await chartToSvg(
      barChart({
        title: 'AP',
        valueLabel: 'AP (%)',
        horizontal: true,
        bars: [
          { label: 'Traffic Light (L)/#2', value: 3.25 },
          { label: 'person', value: 41.5 },
        ],
      }),
    );
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['Traffic Light (L)/#2', 'person', '3.3', '41.5']));
    expect(t.indexOf('Traffic Light (L)/#2')).toBeLessThan(t.indexOf('person'));
  });
  it('PR, confusion-matrix and panel charts render; PNGs have the SVG size', async () => {
    const gt = {
      images: [{ id: 1 }],
      categories: [{ id: 1, name: 'a' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100 },
        { id: 2, image_id: 1, category_id: 1, bbox: [20, 0, 10, 10], area: 100 },
      ],
    };
    const result = evaluateCoco(gt, [
      { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], score: 0.9 },
      { image_id: 1, category_id: 1, bbox: [50, 0, 10, 10], score: 0.8 },
    ]);
    const byIou = meanPrCurvesByIou(result);
    expect(byIou).toHaveLength(10);
    // one of two found at every IoU, the first detection right: precision 1 up to recall 0.5, then 0
    expect(byIou[0]!.precision[50]).toBeCloseTo(1, 12);
    expect(byIou[0]!.precision[51]).toBe(0);
    const specs = [
      prCurveChart(byIou, 'PR'),
      confusionMatrixChart({
        categoryIds: [1],
        labels: ['a', 'background'],
        counts: [
          [1, 1],
          [1, 0],
        ],
        iouThreshold: 0.5,
        scoreThreshold: 0.25,
      }),
      panelChart('summary', 'iteration', [
        {
          title: 'loss',
          points: Array.from({ length: 40 }, (_, i) => [i, 2 / (i + 1)] as [number, number]),
          logY: true,
        },
        {
          title: 'lr',
          points: [
            [0, 0.01],
            [39, 0.001],
          ],
        },
      ]),
    ];
    for (const spec of specs) {
      const { svg, png } = await renderChart(spec);
      const [, w, h] = svg.match(/<svg[^>]*width="(\d+)" height="(\d+)"/)!;
      expect(Number(w)).toBeGreaterThan(100);
      if (resvg) expect(pngSize(png!)).toEqual({ width: Number(w), height: Number(h) });
    }
    expect(texts((await renderChart(specs[0]!)).svg)).toEqual(
      expect.arrayContaining(['IoU 0.50', 'IoU 0.95']),
    );
  });
  it('panel chart: a log panel labels its ticks, also over a range narrower than a decade', async () => {
    // the demo's loss_quality: 0.565 … 0.72; vega alone labelled 0.58, 0.6, 0.62 and nothing above
    const narrow = Array.from({ length: 40 }, (_, i) => [i, 0.72 - (0.155 * i) / 39] as [number, number]);
    const wide = Array.from({ length: 40 }, (_, i) => [i, 2 / (i + 1)] as [number, number]);
    const narrowLabels = texts(
      await chartToSvg(panelChart('s', 'iteration', [{ title: 'q', points: narrow, logY: true }])),
    );
    expect(narrowLabels).toEqual(expect.arrayContaining(['0.6', '0.65', '0.7']));
    const wideLabels = texts(
      await chartToSvg(panelChart('s', 'iteration', [{ title: 'q', points: wide, logY: true }])),
    );
    expect(wideLabels).toEqual(expect.arrayContaining(['0.05', '0.1', '0.2', '0.5', '1', '2']));
  });

  it('logTicks: 1-2-5 per decade over a decade or more, round steps inside a narrower range', () => {
    expect(logTicks([0.565, 0.72])).toEqual([0.6, 0.65, 0.7]);
    expect(logTicks([1.15, 1.75])).toEqual([1.2, 1.4, 1.6]); // (1.75 − 1.15) / 5 = 0.12: steps of 0.2
    expect(logTicks([0.049, 2])).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks([0.3, 2], { wholeDecades: true })).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50]);
    expect(logTicks([0.4, 0.4])).toEqual([0.4]);
    expect(logTicks([])).toBeUndefined();
  });

  it('refuses an empty list of PR curves with a message naming the argument', () => {
    expect(() => prCurveChart([])).toThrow(/curves: expected a non-empty list/);
  });
});
