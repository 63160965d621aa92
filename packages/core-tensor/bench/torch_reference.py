"""PyTorch CPU reference for bench/run.ts (same shapes, NCHW): prints one JSON line.

Run by run.ts as `/usr/bin/python3 -s bench/torch_reference.py <threads>` when torch is importable.
Conv 3x3 [2,64,64,64] -> 64 forward and forward+backward, matmul 1024^3, GroupNorm(32) forward+backward\non [2,64,32,32], and one training step
(forward, loss, backward, SGD) of the FCOS-like network of bench/fcos-like-net.ts.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)


def timed(f, reps, warmup=2):
    for _ in range(warmup):
        f()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1000)
    return {"medianMs": statistics.median(ms), "minMs": min(ms), "reps": reps}


out = {"threads": threads, "torch": torch.__version__}

x = torch.randn(2, 64, 64, 64, requires_grad=True)
w = torch.randn(64, 64, 3, 3, requires_grad=True)
r = torch.randn(2, 64, 64, 64)


def conv_fwd():
    with torch.no_grad():
        F.conv2d(x, w, padding=1)


def conv_fwd_bwd():
    x.grad = None
    w.grad = None
    (F.conv2d(x, w, padding=1) * r).sum().backward()


out["convForward"] = timed(conv_fwd, 20)
out["convForwardBackward"] = timed(conv_fwd_bwd, 20)
a = torch.randn(1024, 1024)
b = torch.randn(1024, 1024)
out["matMul1024"] = timed(lambda: a @ b, 20)
ca = torch.randn(8192, 576)
cb = torch.randn(576, 64)
out["matMulIm2col"] = timed(lambda: ca @ cb, 20)

# GroupNorm(32) of the head's largest level, forward + backward (x, weight, bias)
gx = torch.randn(2, 64, 32, 32, requires_grad=True)
gw = torch.randn(64, requires_grad=True)
gb = torch.randn(64, requires_grad=True)
gr = torch.randn(2, 64, 32, 32)


def gn_fwd_bwd():
    gx.grad = gw.grad = gb.grad = None
    (F.group_norm(gx, 32, gw, gb) * gr).sum().backward()


out["groupNormForwardBackward"] = timed(gn_fwd_bwd, 50)


def mulberry32(seed):
    state = [seed & 0xFFFFFFFF]

    def rnd():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return rnd


class FcosLike(nn.Module):
    def __init__(self, c=64, num_classes=20):
        super().__init__()
        self.backbone = nn.ModuleList(
            [nn.Conv2d(i, o, 3, 2, 1) for i, o in [(3, 32), (32, 64), (64, 128), (128, 256)]]
        )
        self.lateral3 = nn.Conv2d(128, c, 1)
        self.lateral4 = nn.Conv2d(256, c, 1)
        self.out3 = nn.Conv2d(c, c, 3, 1, 1)
        self.out4 = nn.Conv2d(c, c, 3, 1, 1)
        self.p5 = nn.Conv2d(c, c, 3, 2, 1)

        def tower():
            layers = []
            for _ in range(4):
                layers += [nn.Conv2d(c, c, 3, 1, 1), nn.GroupNorm(32, c), nn.ReLU()]
            return nn.Sequential(*layers)

        self.cls_tower = tower()
        self.box_tower = tower()
        self.cls_out = nn.Conv2d(c, num_classes, 3, 1, 1)
        self.box_out = nn.Conv2d(c, 4, 3, 1, 1)
        self.ctr_out = nn.Conv2d(c, 1, 3, 1, 1)
        self.num_classes = num_classes

    def forward(self, x):
        feats = []
        for conv in self.backbone:
            x = F.relu(conv(x))
            feats.append(x)
        c3, c4 = feats[2], feats[3]
        l4 = self.lateral4(c4)
        l3 = self.lateral3(c3) + F.interpolate(l4, size=c3.shape[-2:], mode="nearest")
        p4 = self.out4(l4)
        pyramid = [self.out3(l3), p4, self.p5(p4)]
        n = x.shape[0]
        cls, box, ctr = [], [], []
        for p in pyramid:
            cls.append(self.cls_out(self.cls_tower(p)).permute(0, 2, 3, 1).reshape(n, -1, self.num_classes))
            b = self.box_tower(p)
            box.append(F.relu(self.box_out(b)).permute(0, 2, 3, 1).reshape(n, -1, 4))
            ctr.append(self.ctr_out(b).permute(0, 2, 3, 1).reshape(n, -1))
        return torch.cat(cls, 1), torch.cat(box, 1), torch.cat(ctr, 1)


batch, size, num_classes = 2, 256, 20
net = FcosLike(num_classes=num_classes)
image = torch.randn(batch, 3, size, size)
points = sum((size // s) ** 2 for s in (8, 16, 32))
rng = mulberry32(1)
labels = torch.zeros(batch * points, num_classes)
positive = torch.zeros(batch * points)
box_t = torch.zeros(batch * points, 4)
ctr_t = torch.zeros(batch * points)
for i in range(batch * points):
    if rng() < 0.05:
        positive[i] = 1
        labels[i, int(rng() * num_classes)] = 1
        for k in range(4):
            box_t[i, k] = 1 + 3 * rng()
        ctr_t[i] = rng()
num_pos = max(1.0, float(positive.sum()))
opt = torch.optim.SGD(net.parameters(), lr=0.01)


def step():
    opt.zero_grad()
    cls, box, ctr = net(image)
    logits = cls.reshape(-1, num_classes)
    focal = torchvision_free_focal(logits, labels)
    l1 = ((box.reshape(-1, 4) - box_t).abs().sum(1) * positive).sum()
    bce = (F.binary_cross_entropy_with_logits(ctr.reshape(-1), ctr_t, reduction="none") * positive).sum()
    loss = (focal + l1 + bce) / num_pos
    loss.backward()
    opt.step()


def torchvision_free_focal(logits, targets, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    a = alpha * targets + (1 - alpha) * (1 - targets)
    return (a * (1 - p_t) ** gamma * ce).sum()


out["fcosStep"] = timed(step, 10)
out["fcosParameters"] = sum(p.numel() for p in net.parameters())
print(json.dumps(out))
