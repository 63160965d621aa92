import { type AssignerInput, type CandidateGenerator, insideBoxCandidates } from '@aligndet/core-tensor';

/**
 * Every GT's candidate points as one compressed list (CSR): the candidates of GT `g` are
 * `points[start[g] .. start[g + 1])`, ascending. The sparse form of a `CandidateGenerator`'s
 * `[G, P]` mask: a GT has a few hundred candidates out of tens of thousands of points, so the
 * assigner's per-GT work follows its candidates instead of scanning every point.
 */
export interface CandidateLists {
  /** `[G + 1]` offsets into `points`. */
  start: Int32Array;
  /** Candidate point indices, grouped by GT, ascending within a GT. */
  points: Int32Array;
}

/** An append-only Int32 buffer. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/**
 * The lists of a `[G, P]` candidate mask (any {@link CandidateGenerator}'s output).
 *
 * @example
 * ```ts
 * const { start, points } = candidateListsFromMask(Uint8Array.of(1, 0, 1, 0, 1, 1), 2, 3);
 * // start [0, 2, 4], points [0, 2, 1, 2]
 * ```
 */
export function candidateListsFromMask(mask: ArrayLike<number>, G: number, P: number): CandidateLists {
  const start = new Int32Array(G + 1);
  const out = new IntList();
  for (let g = 0; g < G; g++) {
    const row = g * P;
    for (let p = 0; p < P; p++) if (mask[row + p]) out.push(p);
    start[g + 1] = out.length;
  }
  return { start, points: out.data.slice(0, out.length) };
}

/** A run of consecutive points of one level; `xs`/`ys` are set when the run is a row-major grid. */
interface PointRun {
  begin: number;
  end: number;
  xs?: Float64Array;
  ys?: Float64Array;
}

/**
 * Splits the points into runs of consecutive indices on the same level and recognises the runs
 * that are rectilinear grids (row-major: every row repeats the same x values, every point of a row
 * has the row's y), as the FCOS point generator lays them out. Grid runs are checked value by
 * value, so any other layout simply falls back to a per-point test.
 */
function pointRuns(input: AssignerInput): PointRun[] {
  const { points, levels } = input;
  const P = input.strides.length;
  const runs: PointRun[] = [];
  let begin = 0;
  while (begin < P) {
    let end = begin + 1;
    while (end < P && levels[end] === levels[begin]) end++;
    const y0 = points[2 * begin + 1]!;
    let nx = 1;
    while (begin + nx < end && points[2 * (begin + nx) + 1] === y0) nx++;
    const n = end - begin;
    let grid = n % nx === 0;
    const ny = n / nx;
    if (grid) {
      for (let p = begin; p < end && grid; p++) {
        const i = (p - begin) % nx;
        const j = ((p - begin) / nx) | 0;
        grid =
          points[2 * p] === points[2 * (begin + i)] && points[2 * p + 1] === points[2 * (begin + j * nx) + 1];
      }
    }
    if (grid) {
      const xs = new Float64Array(nx);
      const ys = new Float64Array(ny);
      for (let i = 0; i < nx; i++) xs[i] = points[2 * (begin + i)]!;
      for (let j = 0; j < ny; j++) ys[j] = points[2 * (begin + j * nx) + 1]!;
      runs.push({ begin, end, xs, ys });
    } else runs.push({ begin, end });
    begin = end;
  }
  return runs;
}

/**
 * The lists of core-tensor's `insideBoxCandidates` (every point strictly inside the box), with
 * the same comparisons, computed per grid row and column: being strictly inside a box is
 * `x1 < x < x2` and `y1 < y < y2`, so on a grid the rows and columns inside are found separately
 * and a GT costs the size of its grid ranges, not one test per point of the image.
 *
 * @example
 * ```ts
 * const { start, points } = insideBoxLists(input); // GT g: points.subarray(start[g], start[g + 1])
 * ```
 */
export function insideBoxLists(input: AssignerInput): CandidateLists {
  const G = input.gtLabels.length;
  const b = input.gtBoxes;
  const pts = input.points;
  const runs = pointRuns(input);
  const start = new Int32Array(G + 1);
  const out = new IntList();
  const rows = new IntList();
  const cols = new IntList();
  for (let g = 0; g < G; g++) {
    const x1 = b[4 * g]!;
    const y1 = b[4 * g + 1]!;
    const x2 = b[4 * g + 2]!;
    const y2 = b[4 * g + 3]!;
    for (const run of runs) {
      const { xs, ys } = run;
      if (xs && ys) {
        rows.length = 0;
        cols.length = 0;
        for (let j = 0; j < ys.length; j++) if (ys[j]! - y1 > 0 && y2 - ys[j]! > 0) rows.push(j);
        if (!rows.length) continue;
        for (let i = 0; i < xs.length; i++) if (xs[i]! - x1 > 0 && x2 - xs[i]! > 0) cols.push(i);
        for (let r = 0; r < rows.length; r++) {
          const base = run.begin + rows.data[r]! * xs.length;
          for (let c = 0; c < cols.length; c++) out.push(base + cols.data[c]!);
        }
      } else {
        for (let p = run.begin; p < run.end; p++) {
          const x = pts[2 * p]!;
          const y = pts[2 * p + 1]!;
          if (x - x1 > 0 && y - y1 > 0 && x2 - x > 0 && y2 - y > 0) out.push(p);
        }
      }
    }
    start[g + 1] = out.length;
  }
  return { start, points: out.data.slice(0, out.length) };
}

/**
 * The candidate lists of `generator` for `input`: the grid fast path for the default
 * `insideBoxCandidates`, the generator's mask otherwise.
 */
export function candidateLists(input: AssignerInput, generator: CandidateGenerator): CandidateLists {
  if (generator === insideBoxCandidates) return insideBoxLists(input);
  return candidateListsFromMask(generator(input), input.gtLabels.length, input.strides.length);
}
