import type { backend_util } from '@tensorflow/tfjs-core';

/** The grid of one spatial axis (see {@link filterGradientGrid}). */
export interface GridAxis {
  /** Stride s: the padded input is split into s phases, x_p[u] = xPadded[s·u + p]. */
  stride: number;
  /** Zeros before x in the padded input (the conv's padding) and after it (up to `stride·size`). */
  before: number;
  after: number;
  /** Grid positions per image and phase. */
  size: number;
  /** Per tap t: its phase, (t·d) mod s, and its offset in that phase's grid, ⌊t·d / s⌋. */
  phase: number[];
  shift: number[];
}

/** The phase grids the wasm filter gradient runs over, per axis. */
export interface FilterGradientGrid {
  rows: GridAxis;
  cols: GridAxis;
}

/**
 * One axis: input size `n` with `pad` zeros before it, `k` taps `d` apart, stride `s`, `out`
 * outputs. Output o of tap t reads the padded input at s·o + t·d = s·(o + shift) + phase, i.e.
 * phase grid `phase` at o + shift: a stride-1 read, so with the phases split apart the strided
 * gradient is a stride-1 one per phase. Strided: `size = max(out + max shift, ⌈(pad + n)/s⌉)`
 * (every read of an output stays in its row/image). Stride 1 (one phase): a read past the end of
 * a row (image) may instead land in the `pad` zeros at the start of the next one, so the zeros
 * after x need not be stored when the ones before it are as many: `size = max(pad + n,
 * out + (k−1)·d − pad, out)` instead of `pad + n + padAfter`.
 */
function gridAxis(n: number, pad: number, k: number, d: number, s: number, out: number): GridAxis {
  const phase: number[] = [];
  const shift: number[] = [];
  for (let t = 0; t < k; t++) {
    phase.push((t * d) % s);
    shift.push(Math.floor((t * d) / s));
  }
  const size =
    s === 1
      ? Math.max(pad + n, out + (k - 1) * d - pad, out)
      : Math.max(out + shift[k - 1]!, Math.ceil((pad + n) / s));
  return { stride: s, before: pad, after: s * size - pad - n, size, phase, shift };
}

/**
 * The grids of {@link filterGradientShiftedRows}: per axis, the input padded and split into
 * `stride` phases of `size` positions, on which every tap of every output reads x or a zero with
 * stride 1.
 */
export function filterGradientGrid(info: backend_util.Conv2DInfo): FilterGradientGrid {
  return {
    rows: gridAxis(
      info.inHeight,
      info.padInfo.top,
      info.filterHeight,
      info.dilationHeight,
      info.strideHeight,
      info.outHeight,
    ),
    cols: gridAxis(
      info.inWidth,
      info.padInfo.left,
      info.filterWidth,
      info.dilationWidth,
      info.strideWidth,
      info.outWidth,
    ),
  };
}

/**
 * Zero channels to append to the `C` channels of the channels-first grid so that every window
 * stays inside it: a window's last row reads up to its start offset past the last channel, and
 * that offset (at most `(k_h − 1)` rows and `(k_w − 1)` columns of shift) exceeds one channel's
 * `q` positions when a map is smaller than the kernel's reach.
 */
export function zeroChannels(grid: FilterGradientGrid, q: number): number {
  const { rows, cols } = grid;
  const farthest = rows.shift[rows.shift.length - 1]! * cols.size + cols.shift[cols.shift.length - 1]!;
  return Math.max(1, Math.ceil(farthest / q));
}

/**
 * Where the window of tap (i, j) starts, in floats from the start of the grid buffer
 * `[phases, C + zeros, q]`: its phase's block, then the tap's shift within the phase grid.
 */
export function windowStart(
  grid: FilterGradientGrid,
  i: number,
  j: number,
  channels: number,
  zeros: number,
  q: number,
): number {
  const { rows, cols } = grid;
  const phase = rows.phase[i]! * cols.stride + cols.phase[j]!;
  return phase * (channels + zeros) * q + rows.shift[i]! * cols.size + cols.shift[j]!;
}
