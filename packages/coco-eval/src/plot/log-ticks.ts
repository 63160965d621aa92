/**
 * Tick values for a log y axis over the values `ys`. Vega alone labels a log axis once per decade
 * and, over a range narrower than a decade, blanks every label whose leading digits exceed a
 * limit (a loss from 0.56 to 0.72 got labels 0.58, 0.6, 0.62 and none above), so the charts give
 * their own values: 1-2-5 of each decade when `ys` span one (`wholeDecades`: of every decade the
 * niced domain covers, else only those inside `ys`' range), else about `count` evenly spaced round
 * values inside it.
 *
 * @example
 * ```ts
 * logTicks([0.565, 0.72]); // [0.6, 0.65, 0.7]
 * logTicks([0.03, 2], { wholeDecades: true }); // [0.01, 0.02, 0.05, 0.1, …, 5, 10, 20, 50]
 * ```
 */
export function logTicks(
  ys: number[],
  { wholeDecades = false, count = 5 }: { wholeDecades?: boolean; count?: number } = {},
): number[] | undefined {
  if (!ys.length) return undefined;
  const min = Math.min(...ys);
  const max = Math.max(...ys);
  const round = (v: number) => Number(v.toPrecision(3));
  if (wholeDecades || max >= 10 * min) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++)
      for (const m of [1, 2, 5]) {
        const v = round(m * 10 ** e);
        if (wholeDecades || (v >= min && v <= max)) out.push(v);
      }
    return out;
  }
  const raw = (max - min) / count;
  if (!(raw > 0)) return [round(min)];
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * mag >= raw)! * mag;
  const out: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max * (1 + 1e-12); k++) out.push(round(k * step));
  return out;
}
