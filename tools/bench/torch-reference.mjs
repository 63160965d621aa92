// Runs a PyTorch reference script of an assigner bench (spatial-assigner, task-aligned-assigner) on
// the bench's own scene, in the same run: the
// scene's typed arrays are written raw (little-endian) to a temporary directory with a meta.json,
// `/usr/bin/python3 -s <script> <dir> <runs>` prints one JSON line per variant and writes the
// assignment it found (`gt_index_<variant>.bin`, int32 [P]) for the caller to compare with ours.
// Without python3 + torch the caller gets a reason instead, and prints it. Plain JS with its types in
// torch-reference.d.mts, so each package's bench can import it (a package type-checks only its own
// sources, declaration files excepted).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';

/** Why the reference cannot run here, or undefined when python3 and torch are importable. */
export function torchMissing() {
  const r = spawnSync(PYTHON, ['-s', '-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not runnable (${r.error.message})`;
  if (r.status !== 0)
    return `torch/numpy not importable by ${PYTHON} -s (${r.stderr.trim().split('\n').pop()})`;
  return undefined;
}

/**
 * Writes `arrays` (+ `scalars`) to a fresh temporary directory, runs `script` on it with `runs`
 * timed repetitions, and compares each variant's assignment with `ours` (`[P]` GT index or −1).
 */
export function runTorchReference(script, arrays, scalars, runs, ours) {
  const dir = mkdtempSync(join(tmpdir(), 'aligndet-bench-'));
  try {
    const meta = { ...scalars, arrays: {} };
    for (const [name, a] of Object.entries(arrays)) {
      const dtype = a instanceof Float32Array ? '<f4' : a instanceof Float64Array ? '<f8' : '<i4';
      meta.arrays[name] = [dtype, [a.length]];
      writeFileSync(join(dir, `${name}.bin`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const out = execFileSync(PYTHON, ['-s', script, dir, String(runs)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    return out
      .trim()
      .split('\n')
      .map((line) => {
        const r = JSON.parse(line);
        const buf = readFileSync(join(dir, `gt_index_${r.variant}.bin`));
        const theirs = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
        let mismatches = 0;
        for (let p = 0; p < ours.length; p++) if (theirs[p] !== ours[p]) mismatches++;
        return { ...r, mismatches };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
