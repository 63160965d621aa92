"""Times torchvision.ops.deform_conv2d on the CPU (2 threads) for the deform-conv benchmark.

Usage: python3 -s torchvision_deform_conv.py '[{"n":2,"c":64,"h":64,"reps":3}, ...]'
Prints one JSON object: {"torch": ..., "torchvision": ..., "threads": 2, "rows": [...]}, each row
{"n", "c", "h", "forward_ms", "forward_backward_ms"}. 3x3 kernel, padding 1, modulated (with mask),
bias, float32, NCHW (torchvision's layout); forward+backward = deform_conv2d(...).sum().backward()
with gradients for input, offset, mask, weight and bias.
"""

import json
import sys
import time

import torch
import torchvision
from torchvision.ops import deform_conv2d

torch.set_num_threads(2)


def timed(f, reps):
    """Best of `reps` calls after one warm-up call, in ms."""
    f()
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best * 1000.0


def measure(n, c, h, reps):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, c, h, h, generator=g, requires_grad=True)
    offset = torch.randn(n, 18, h, h, generator=g).requires_grad_()
    mask = torch.rand(n, 9, h, h, generator=g).requires_grad_()
    weight = (torch.randn(c, c, 3, 3, generator=g) * 0.05).requires_grad_()
    bias = torch.zeros(c, requires_grad=True)

    def forward():
        with torch.no_grad():
            deform_conv2d(x, offset, weight, bias, padding=1, mask=mask)

    def forward_backward():
        for t in (x, offset, mask, weight, bias):
            t.grad = None
        deform_conv2d(x, offset, weight, bias, padding=1, mask=mask).sum().backward()

    return {
        "n": n,
        "c": c,
        "h": h,
        "forward_ms": timed(forward, reps),
        "forward_backward_ms": timed(forward_backward, reps),
    }


if __name__ == "__main__":
    shapes = json.loads(sys.argv[1])
    rows = [measure(s["n"], s["c"], s["h"], s.get("reps", 3)) for s in shapes]
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__, "threads": 2, "rows": rows}))
