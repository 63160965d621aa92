"""Reference timing for @aligndet/task-aligned-assigner's bench: the PyTorch task-aligned assigner
that produced the parity fixtures (tools/fixtures/task_aligned_assigner.py, `assign`, float64 with
torchvision's box_iou) timed on the bench's own scene, both presets, one thread.

Not a test: `bench/run.ts` writes the scene (raw little-endian arrays + meta.json) to a temporary
directory and runs `/usr/bin/python3 -s bench/tal_torch.py <dir> <runs>`; this prints one JSON line
per preset and writes `<dir>/gt_index_<preset>.bin` (int32 [P]) for the bench to compare with ours.
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools", "fixtures"))
from task_aligned_assigner import PRESETS, assign  # noqa: E402

torch.set_num_threads(1)


def main():
    d, runs = sys.argv[1], int(sys.argv[2])
    meta = json.load(open(os.path.join(d, "meta.json")))
    a = {n: torch.from_numpy(np.fromfile(os.path.join(d, n + ".bin"), dtype=t).copy())
         for n, (t, _) in meta["arrays"].items()}
    C = meta["numClasses"]
    # the fixture generator's inputs: float32 values held in float64
    sc = dict(points=a["points"].reshape(-1, 2).double(), gt=a["gtBoxes"].reshape(-1, 4).double(),
              labels=a["gtLabels"].long(), pred=a["predBoxes"].reshape(-1, 4).double(),
              logits=a["clsLogits"].reshape(-1, C).double())
    for preset, opts in PRESETS.items():
        for _ in range(2):
            gi, _, _ = assign(sc, **opts)
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            gi, _, _ = assign(sc, **opts)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
        gi.numpy().astype("<i4").tofile(os.path.join(d, f"gt_index_{preset}.bin"))
        print(json.dumps(dict(
            variant=preset, positives=int((gi >= 0).sum()), wallBestMs=min(wall),
            wallMedianMs=sorted(wall)[len(wall) // 2], cpuBestMs=min(cpu),
            cpuMedianMs=sorted(cpu)[len(cpu) // 2], torch=torch.__version__)), flush=True)


if __name__ == "__main__":
    main()
