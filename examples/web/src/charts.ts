// Live line charts (uPlot): one line per training run, x = iteration. Points arrive one at a time;
// the chart redraws at most once per animation frame.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#4363d8', '#e6194b', '#3cb44b', '#f58231', '#911eb4', '#42d4f4'];
// one colour per run across all charts, in the order runs first appear
const runColors = new Map<string, string>();
const colorOf = (name: string) => {
  if (!runColors.has(name)) runColors.set(name, COLORS[runColors.size % COLORS.length]!);
  return runColors.get(name)!;
};

export class LiveChart {
  private readonly series: string[] = [];
  private readonly points = new Map<number, Map<string, number>>();
  private plot: uPlot | null = null;
  private pending = false;

  constructor(
    private readonly el: HTMLElement,
    private readonly title: string,
    private readonly yLabel: string,
    private readonly options: { logY?: boolean; points?: boolean } = {},
  ) {}

  /** Adds point (x, y) to the line `name` (a new name adds a line). */
  add(name: string, x: number, y: number): void {
    colorOf(name);
    if (!this.series.includes(name)) {
      this.series.push(name);
      this.plot?.destroy();
      this.plot = null;
    }
    const row = this.points.get(x) ?? new Map<string, number>();
    this.points.set(x, row);
    row.set(name, y);
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => this.redraw());
    }
  }

  /** Every line's values, for tests and for saving. */
  values(name: string): Array<[number, number]> {
    return [...this.points]
      .filter(([, r]) => r.has(name))
      .map(([x, r]) => [x, r.get(name)!] as [number, number])
      .sort((a, b) => a[0] - b[0]);
  }

  private redraw(): void {
    this.pending = false;
    const xs = [...this.points.keys()].sort((a, b) => a - b);
    const data: uPlot.AlignedData = [
      xs,
      ...this.series.map((s) => xs.map((x) => this.points.get(x)!.get(s) ?? null)),
    ];
    if (!this.plot) {
      const width = Math.max(280, this.el.clientWidth || 480);
      this.plot = new uPlot(
        {
          title: this.title,
          width,
          height: 220,
          scales: { x: { time: false }, y: this.options.logY ? { distr: 3 } : {} },
          axes: [{ label: 'iteration' }, { label: this.yLabel }],
          series: [
            { label: 'iteration' },
            ...this.series.map((s) => ({
              label: s,
              stroke: colorOf(s),
              width: 1.5,
              spanGaps: true,
              points: { show: this.options.points ?? false },
            })),
          ],
        },
        data,
        this.el,
      );
    } else this.plot.setData(data);
  }
}
