"""Reference timing for @aligndet/spatial-assigner's bench: the official APS procedure re-implemented
in PyTorch the way the official code runs it (spec §3, `fcos_core/modeling/rpn/fcos/loss.py`):
eager [P, 2] slot costs for every point inside a GT (full sigmoid focal loss over all classes +
1 − GIoU in stride units), then a Python loop over GTs by ascending area with per-level `topk`,
best two levels by mean cost, u = sqrt(σ(|Lcls − Lreg|)·(Lcls + Lreg)), a 2-component GMM
(scikit-learn's EM written out in numpy, as scikit-learn is not installed here; spec §3.5.5) and
the slot flags. One thread.

Not a test: `bench/run.ts` writes a scene (raw little-endian arrays + meta.json) to a temporary
directory and runs `/usr/bin/python3 -s bench/aps_torch.py <dir> <runs>`; this prints one JSON
line per dtype (variant) with timings and writes `<dir>/gt_index_<variant>.bin` (int32 [P]) so the bench can
check the assignment against ours. float32 is the official dtype (GPU tensors, and scikit-learn
fits float32 input in float32, M13); float64 is the dtype of our assigner, so it must agree
point for point.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)


def load(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    arr = {}
    for name, (dtype, shape) in meta["arrays"].items():
        a = np.fromfile(os.path.join(d, name + ".bin"), dtype=dtype).reshape(shape)
        arr[name] = torch.from_numpy(a.copy())
    return meta, arr


def focal_rows(logits, targets, alpha=0.25, gamma=2.0):
    # layers/sigmoid_focal_loss_bce.py, summed per row
    p = torch.sigmoid(logits)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * (1 - p_t) ** gamma
    alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
    return (alpha_t * loss).sum(1)


def giou_cost(pred, target):
    # loss.py get_ious: +1 smoothing of the IoU, in stride units
    pl, pt, pr, pb = pred.unbind(1)
    tl, tt, tr, tb = target.unbind(1)
    target_area = (tl + tr) * (tt + tb)
    pred_area = (pl + pr) * (pt + pb)
    w_i = torch.min(pl, tl) + torch.min(pr, tr)
    g_w = torch.max(pl, tl) + torch.max(pr, tr)
    h_i = torch.min(pb, tb) + torch.min(pt, tt)
    g_h = torch.max(pb, tb) + torch.max(pt, tt)
    g_inter = g_w * g_h + 1e-7
    inter = w_i * h_i
    union = target_area + pred_area - inter
    ious = (inter + 1.0) / (union + 1.0)
    gious = ious - (g_inter - union) / g_inter
    return 1 - gious


def gmm_select(u, dtype):
    # scikit-learn GaussianMixture(2, weights_init [.5, .5], means_init [min, max], precisions_init
    # 0.1, tol 1e-3, max_iter 100, reg_covar 1e-6) on v = 10 u, then the official cut
    v = (np.asarray(u, dtype=dtype) * dtype(10)).reshape(-1)
    n = v.shape[0]
    eps = np.finfo(dtype).eps
    w = np.array([0.5, 0.5], dtype=dtype)
    mu = np.array([v.min(), v.max()], dtype=dtype)
    prec_chol = np.sqrt(np.array([0.1, 0.1], dtype=dtype))
    log2pi = dtype(np.log(2 * np.pi))

    def e_step():
        y = (v[:, None] - mu[None, :]) * prec_chol[None, :]
        wlp = -0.5 * (log2pi + y * y) + np.log(prec_chol)[None, :] + np.log(w)[None, :]
        m = wlp.max(1, keepdims=True)
        norm = (np.log(np.exp(wlp - m).sum(1, keepdims=True)) + m)[:, 0]
        return norm, wlp - norm[:, None]

    lower = -np.inf
    for _ in range(100):
        prev = lower
        norm, log_resp = e_step()
        resp = np.exp(log_resp)
        nk = resp.sum(0) + 10 * eps
        mu = (resp * v[:, None]).sum(0) / nk
        var = (resp * (v[:, None] - mu[None, :]) ** 2).sum(0) / nk + dtype(1e-6)
        w = nk / nk.sum()
        prec_chol = 1 / np.sqrt(var)
        lower = norm.mean()
        if abs(lower - prev) < 1e-3:
            break
    norm, log_resp = e_step()
    labels = (log_resp[:, 1] > log_resp[:, 0]).astype(np.int64)
    comp0 = np.nonzero(labels == 0)[0]
    if comp0.size == 0:
        return []
    best = comp0[int(np.argmax(norm[comp0]))]
    return [int(i) for i in comp0 if v[i] <= v[best]]


def aps(points, strides, levels, num_levels, gt, gt_labels, logits, dist, dtype):
    P, C = logits.shape
    G = gt.shape[0]
    owner = torch.full((P,), -1, dtype=torch.int32)
    if G == 0:
        return owner
    x, y = points[:, 0].to(dtype), points[:, 1].to(dtype)
    gt = gt.to(dtype)
    # candidate geometry (314-383): strict inside test, GTs by ascending inclusive area (stable, M12)
    ltrb = torch.stack(
        [x[:, None] - gt[None, :, 0], y[:, None] - gt[None, :, 1],
         gt[None, :, 2] - x[:, None], gt[None, :, 3] - y[:, None]], 2)
    inside = ltrb.min(2).values > 0  # [P, G]
    area = (gt[:, 2] - gt[:, 0] + 1) * (gt[:, 3] - gt[:, 1] + 1)
    order = torch.sort(area, stable=True).indices
    rank = torch.empty(G, dtype=torch.long)
    rank[order] = torch.arange(G)
    # per point: its two smallest containing GTs (area matrix with INF outside, sorted per row)
    key = torch.where(inside, rank[None, :].expand(P, G), torch.full((P, G), G, dtype=torch.long))
    two = key.topk(min(2, G), dim=1, largest=False).values
    slot0 = torch.where(two[:, 0] < G, order[two[:, 0].clamp(max=G - 1)], torch.full((P,), -1))
    if G == 1:
        slot1 = slot0.clone()
    else:
        slot1 = torch.where(two[:, 1] < G, order[two[:, 1].clamp(max=G - 1)], torch.full((P,), -1))
    has0 = slot0 >= 0
    idx = torch.nonzero(has0)[:, 0]
    # per-(point, slot) costs (426-448), eagerly for every point inside a GT
    z = logits[idx].to(dtype)
    s = strides[idx].to(dtype)
    d = dist[idx].to(dtype)
    c0 = gt_labels[slot0[idx]]
    s1 = slot1[idx]
    c1 = torch.where(s1 >= 0, gt_labels[s1.clamp(min=0)], c0)
    t0 = torch.zeros_like(z)
    t0[torch.arange(len(idx)), c0] = 1
    t1 = t0.clone()
    t1[torch.arange(len(idx)), c1] = 1  # multi-hot (M6)
    cls = torch.zeros(P, 2, dtype=dtype)
    reg = torch.zeros(P, 2, dtype=dtype)
    cls[idx, 0] = focal_rows(z, t0)
    cls[idx, 1] = focal_rows(z, t1)

    def target(slot):
        b = gt[slot]
        px, py = x[idx], y[idx]
        return torch.stack([px - b[:, 0], py - b[:, 1], b[:, 2] - px, b[:, 3] - py], 1) / s[:, None]

    reg[idx, 0] = giou_cost(d, target(slot0[idx]))
    reg[idx, 1] = giou_cost(d, target(torch.where(s1 >= 0, s1, slot0[idx])))
    cost = cls + reg
    open0 = torch.ones(P, dtype=torch.bool)
    open1 = torch.zeros(P, dtype=torch.bool)
    has_second = slot1 >= 0
    level_masks = [levels == l for l in range(num_levels)]
    ar = torch.arange(P)
    np_dtype = np.float32 if dtype == torch.float32 else np.float64
    for g in order.tolist():
        in_g = inside[:, g]
        slot = torch.where(open0, 0, 1)
        cand = in_g & (open0 | open1)
        pc = cost[ar, slot]
        found = []
        for l in range(num_levels):
            m = torch.nonzero(cand & level_masks[l])[:, 0]
            if m.numel() == 0:
                continue
            v, i = pc[m].topk(min(9, m.numel()), largest=False)
            found.append((v.mean().item(), l, m[i]))
        if not found:
            open0[in_g] = False
            open1[in_g] = False
            continue
        single = len(found) == 1
        found.sort(key=lambda e: (e[0], e[1]))
        pool = torch.cat([e[2] for e in found[:2]])
        k = slot[pool]
        lc, lr = cls[pool, k], reg[pool, k]
        if single:
            u = lc + lr
        else:
            sm = torch.sigmoid(lc - lr)
            sm = torch.where(sm < 0.5, 1 - sm, sm)
            u = torch.sqrt(sm * (lc + lr))
        chosen = [0] if len(pool) == 1 else gmm_select(u.numpy(), np_dtype)
        sel = pool[chosen] if chosen else pool[:0]
        if not chosen or bool((owner[sel] >= 0).any()):
            open0[in_g] = False
            open1[in_g] = False
            continue
        owner[sel] = g
        selected = torch.zeros(P, dtype=torch.bool)
        selected[sel] = True
        was = open0 & in_g
        open0[in_g] = False
        open1[in_g] = (was & ~selected & has_second)[in_g]
    return owner


def main():
    d, runs = sys.argv[1], int(sys.argv[2])
    meta, a = load(d)
    args = (a["points"].reshape(-1, 2), a["strides"], a["levels"].long(), meta["numLevels"],
            a["gtBoxes"].reshape(-1, 4), a["gtLabels"].long(),
            a["clsLogits"].reshape(-1, meta["numClasses"]), a["boxDistances"].reshape(-1, 4))
    for name, dtype in [("float32", torch.float32), ("float64", torch.float64)]:
        for _ in range(2):
            owner = aps(*args, dtype)
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            owner = aps(*args, dtype)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
        owner.numpy().astype("<i4").tofile(os.path.join(d, f"gt_index_{name}.bin"))
        print(json.dumps(dict(
            variant=name, positives=int((owner >= 0).sum()), wallBestMs=min(wall),
            wallMedianMs=sorted(wall)[len(wall) // 2], cpuBestMs=min(cpu),
            cpuMedianMs=sorted(cpu)[len(cpu) // 2], torch=torch.__version__,
            threads=torch.get_num_threads())), flush=True)


if __name__ == "__main__":
    main()
