"""PyTorch CPU reference for bench/conv-sweep.ts: per conv shape (JSON list on stdin, NHWC
shapes as in bench/conv-shapes.ts, run here as NCHW), the forward conv and the input and weight
gradients, each timed alone; prints one JSON line.

Run as `/usr/bin/python3 -s bench/torch_conv_sweep.py <threads> < shapes.json`.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
SAMPLES, SAMPLE_MS = 9, 10


def timed_interleaved(fs):
    """Per-call ms (median, min) of each f, timed sample by sample as conv-sweep.ts does."""
    inner = []
    for f in fs:
        f()
        f()
        t = time.perf_counter()
        f()
        once = max(1e-6, (time.perf_counter() - t) * 1000)
        inner.append(max(1, int(-(-SAMPLE_MS // once))))
    samples = [[] for _ in fs]
    for _ in range(SAMPLES):
        for i, f in enumerate(fs):
            t = time.perf_counter()
            for _ in range(inner[i]):
                f()
            samples[i].append((time.perf_counter() - t) * 1000 / inner[i])
    return [{"medianMs": statistics.median(s), "minMs": min(s)} for s in samples]


rows = []
for s in json.load(sys.stdin):
    n, h, w, c = s["x"]
    k, co, stride = s["k"], s["co"], s["stride"]
    pad = (k - 1) // 2
    x = torch.randn(n, c, h, w)
    wt = torch.randn(co, c, k, k) * 0.1
    y = F.conv2d(x, wt, stride=stride, padding=pad)
    dy = torch.randn_like(y)
    args = (dy, x, wt, None, [stride, stride], [pad, pad], [1, 1], False, [0, 0], 1)

    def fwd():
        with torch.no_grad():
            F.conv2d(x, wt, stride=stride, padding=pad)

    def grad_input():
        torch.ops.aten.convolution_backward(*args, [True, False, False])

    def grad_weight():
        torch.ops.aten.convolution_backward(*args, [False, True, False])

    f, i, g = timed_interleaved([fwd, grad_input, grad_weight])
    rows.append({"name": s["name"], "forward": f, "input": i, "filter": g})

print(json.dumps({"threads": threads, "torch": torch.__version__, "rows": rows}))
