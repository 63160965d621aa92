"""Reference timing for @aligndet/coco-eval's bench: pycocotools' COCOeval (bbox, default
parameters) on the bench's own files, in the same run. Not a test, and opt-in (COCO_PYCOCOTOOLS=1:
about a minute and several GB on the COCO-val-sized case).

pycocotools is neither in Debian nor reachable from PyPI here: the bench looks for it on
PYCOCOTOOLS_PATH (a built cocodataset/cocoapi PythonAPI folder, `python3 setup.py build_ext
--inplace`, cython3 + python3-matplotlib from apt) or on the default path.

    /usr/bin/python3 -s bench/pycocotools_eval.py gt.json dt.json
prints one JSON line: load (COCO() + loadRes) and evaluate + accumulate + summarize seconds (wall and
CPU), peak RSS and the 12 stats.
"""
import contextlib
import io
import json
import resource
import sys
import time

import numpy as np

if not hasattr(np, "float"):
    # cocoapi 8c9bcc3 still uses the alias numpy 1.24 removed (np.float is the builtin float)
    np.float = float
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402


def main():
    gt_path, dt_path = sys.argv[1], sys.argv[2]
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path)
        dt = gt.loadRes(dt_path)
    t1, c1 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        ev = COCOeval(gt, dt, "bbox")
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps(dict(
        loadWall=t1 - t0, loadCpu=c1 - c0, evalWall=t2 - t1, evalCpu=c2 - c1,
        peakRssMb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        stats=[float(v) for v in ev.stats], numpy=np.__version__)))


if __name__ == "__main__":
    main()
