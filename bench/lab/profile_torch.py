"""PyTorch 1.13 counterpart of bench/lab/LabProfile (run both with bench/lab/profile.sh): where one
training step's time goes, per phase on the lab model (llama_torch.py), with page faults and memory growth
per step, then per op at the model's shapes, forward and backward.
Usage: profile_torch.py MODEL THREADS [STEPS]
"""
import math
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from llama_torch import MODELS, Llama

preset = sys.argv[1] if len(sys.argv) > 1 else "full"
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 40
B, T = 32, 64
torch.set_num_threads(threads)
torch.manual_seed(0)
layers, h, heads, f, v, block = MODELS[preset]
d = h // heads
print(f"PyTorch {torch.__version__}, model {preset}, {threads} thread(s), B={B} T={T}, ms per call (median of {steps})")
model = Llama(layers, h, heads, f, v, block)
optimizer = torch.optim.AdamW(model.parameters(), 1e-3, betas=(0.9, 0.99), weight_decay=0.0)
g = torch.Generator().manual_seed(0)
tokens = torch.randint(1, v, (B, T + 1), generator=g)
inputs, targets = tokens[:, :T], tokens[:, 1:].flatten()
phases = {}


def add(name, start):
    now = time.perf_counter()
    phases.setdefault(name, []).append(1000 * (now - start))
    return now


def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def median(values):
    return statistics.median(values[5:])


for step in range(steps + 5):
    if step == 5:
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        rss = rss_mb()
    s = time.perf_counter()
    logits = model(inputs)
    s = add("forward (model)", s)
    loss = F.cross_entropy(logits.flatten(0, 1), targets)
    s = add("forward (loss)", s)
    loss.backward()
    s = add("backward", s)
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    s = add("clip", s)
    optimizer.step()
    s = add("adamw", s)
    optimizer.zero_grad()
    s = add("zero_grad", s)
    loss.item()
    s = add("item", s)
for name, values in phases.items():
    print(f"phase  {name:<28} {median(values):8.3f}")
print(f"phase  {'total':<28} {sum(median(x) for x in phases.values()):8.3f}")
print(f"faults {'minor page faults per step':<28} {(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / steps:8.0f}")
print(f"rss    {'growth per step (MB)':<28} {(rss_mb() - rss) / steps:8.2f}")


def param(*shape):
    return (torch.randn(*shape, generator=g) * 0.02).requires_grad_()


x, wHH, wFH, wHF, wVH = param(B, T, h), param(h, h), param(f, h), param(h, f), param(v, h)
hF, q, k, scores = param(B, T, f), param(B, heads, T, d), param(B, heads, T, d), param(B, heads, T, T)
norm, embedding, position_table = nn.LayerNorm(h), nn.Embedding(v, h), nn.Embedding(T, h)
causal = torch.ones(T, T, dtype=torch.bool).triu(1)
logits_in = param(B * T, v)
scale = 1.0 / math.sqrt(d)
ops = [
    ("embedding", lambda: embedding(inputs)),
    ("arange+pos embedding", lambda: position_table(torch.arange(0, T))),
    ("add [B,T,H]", lambda: x + x),
    ("layer_norm", lambda: norm(x)),
    ("linear H->H", lambda: F.linear(x, wHH)),
    ("linear H->F", lambda: F.linear(x, wFH)),
    ("linear F->H", lambda: F.linear(hF, wHF)),
    ("linear H->V (head)", lambda: F.linear(x, wVH)),
    ("view+transpose", lambda: x.view(B, T, heads, -1).transpose(1, 2)),
    ("q @ k^T", lambda: q.matmul(k.transpose(-2, -1))),
    ("* scale", lambda: scores * scale),
    ("mask ones+triu", lambda: torch.ones(T, T, dtype=torch.bool).triu(1)),
    ("masked_fill", lambda: scores.masked_fill(causal, float("-inf"))),
    ("softmax", lambda: scores.softmax(-1)),
    ("p @ v", lambda: scores.matmul(k)),
    ("transpose+contiguous+view", lambda: q.transpose(1, 2).contiguous().view(B, T, h)),
    ("silu", lambda: F.silu(hF)),
    ("mul [B,T,F]", lambda: hF * hF),
    ("cross_entropy", lambda: F.cross_entropy(logits_in, targets)),
    ("bwd dW H->H: gT @ x", lambda: x2.t().mm(x2)),
    ("bwd dW H->F: gT @ x", lambda: f2.t().mm(x2)),
    ("bwd dW F->H: gT @ h", lambda: x2.t().mm(f2)),
    ("bwd dX H->F: g @ W", lambda: f2.mm(wFH)),
    ("bwd dX F->H: g @ W", lambda: x2.mm(wHF)),
    ("bwd dX H->H: g @ W", lambda: x2.mm(wHH)),
]
backward_ops = [
    ("embedding", lambda: embedding(inputs)),
    ("add [B,T,H]", lambda: x + x),
    ("layer_norm", lambda: norm(x)),
    ("linear H->H", lambda: F.linear(x, wHH)),
    ("linear H->F", lambda: F.linear(x, wFH)),
    ("linear F->H", lambda: F.linear(hF, wHF)),
    ("linear H->V (head)", lambda: F.linear(x, wVH)),
    ("q @ k^T", lambda: q.matmul(k.transpose(-2, -1))),
    ("* scale", lambda: scores * scale),
    ("masked_fill", lambda: scores.masked_fill(causal, float("-inf"))),
    ("softmax", lambda: scores.softmax(-1)),
    ("p @ v", lambda: scores.matmul(k)),
    ("transpose+contiguous+view", lambda: q.transpose(1, 2).contiguous().view(B, T, h)),
    ("view+transpose (q)", lambda: x.view(B, T, heads, -1).transpose(1, 2)),
    ("silu", lambda: F.silu(hF)),
    ("mul [B,T,F]", lambda: hF * hF),
    ("cross_entropy", lambda: F.cross_entropy(logits_in, targets)),
]
for name, op in backward_ops:
    times = []
    for _ in range(steps + 5):
        y = op()
        dy = torch.ones_like(y)
        s = time.perf_counter()
        y.backward(dy)
        times.append(1000 * (time.perf_counter() - s))
        del y, dy
    print(f"bwd    {name:<28} {median(times):8.3f}")
torch.set_grad_enabled(False)
x2, f2 = x.detach().reshape(B * T, h), hF.detach().reshape(B * T, f)
for name, op in ops:
    times = []
    for _ in range(steps + 5):
        s = time.perf_counter()
        r = op()
        times.append(1000 * (time.perf_counter() - s))
        del r
    print(f"op     {name:<28} {median(times):8.3f}")
