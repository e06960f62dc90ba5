"""The lab's GPT (src/Headroom.Lab/Model/Gpt.cs) in PyTorch, for bench/lab-throughput.sh.

Same shapes and the same ops as the TorchSharp model: bias-free Q/K/V/O, written-out attention
(QK^T, masked_fill, softmax, @V; PyTorch 1.13 has no scaled_dot_product_attention), SwiGLU MLP,
pre-norm LayerNorm, learned positions, untied LM head; AdamW + clip_grad_norm_ for training and a
KV-cache decode loop with the same nucleus-sampling ops for sampling.
Prints one JSON line.  Usage: gpt_torch.py MODEL THREADS [BATCH SEQ STEPS SAMPLE_BATCH PROMPT NEW]
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = {  # (layers, hidden, heads, feed_forward, vocab, block) as LabPreset.cs and ModelSizes.cs
    "tiny": (2, 32, 4, 64, 19, 128),
    "small": (2, 64, 4, 192, 19, 128),
    "full": (3, 96, 4, 256, 19, 128),
    "0.2M": (4, 64, 4, 192, 19, 128),
    "1M": (5, 128, 4, 352, 19, 128),
    "5M": (6, 256, 8, 704, 19, 128),
}


class Attention(nn.Module):
    def __init__(self, h, heads):
        super().__init__()
        self.query, self.key, self.value, self.out = (nn.Linear(h, h, bias=False) for _ in range(4))
        self.heads, self.scale = heads, 1.0 / math.sqrt(h // heads)

    def forward(self, x, cache=None):
        b, t, c = x.shape
        q, k, v = (m(x).view(b, t, self.heads, -1).transpose(1, 2) for m in (self.query, self.key, self.value))
        past = 0
        if cache is not None:
            if cache[0] is not None:
                past = cache[0].shape[2]
                k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
            cache[0], cache[1] = k, v
        scores = q.matmul(k.transpose(-2, -1)) * self.scale
        if t > 1:
            mask = torch.ones(t, past + t, dtype=torch.bool).triu(past + 1)
            scores = scores.masked_fill(mask, float("-inf"))
        y = scores.softmax(-1).matmul(v).transpose(1, 2).contiguous().view(b, t, c)
        return self.out(y)


class Block(nn.Module):
    def __init__(self, h, heads, f):
        super().__init__()
        self.norm1, self.attn, self.norm2 = nn.LayerNorm(h), Attention(h, heads), nn.LayerNorm(h)
        self.gate, self.up, self.down = nn.Linear(h, f, bias=False), nn.Linear(h, f, bias=False), nn.Linear(f, h, bias=False)

    def forward(self, x, cache=None):
        x = x + self.attn(self.norm1(x), cache)
        y = self.norm2(x)
        return x + self.down(F.silu(self.gate(y)) * self.up(y))


class Gpt(nn.Module):
    def __init__(self, layers, h, heads, f, vocab, block):
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, h), nn.Embedding(block, h)
        self.blocks = nn.ModuleList(Block(h, heads, f) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(h), nn.Linear(h, vocab, bias=False)

    def forward(self, tokens, caches=None, start=0):
        x = self.tok(tokens) + self.pos(torch.arange(start, start + tokens.shape[1]))
        for i, block in enumerate(self.blocks):
            x = block(x, None if caches is None else caches[i])
        return self.head(self.norm(x))


def next_tokens(logits, generator, temperature=1.0, top_p=1.0):
    probs = (logits / temperature).softmax(-1)
    sorted_probs, order = probs.sort(-1, descending=True)
    before = sorted_probs.cumsum(-1) - sorted_probs
    kept = sorted_probs.masked_fill(before >= top_p, 0.0)
    return order.gather(-1, torch.multinomial(kept, 1, generator=generator))


def main():
    name, threads = sys.argv[1], int(sys.argv[2])
    n = [int(a) for a in sys.argv[3:]]
    batch, seq, steps, sample_batch, prompt, new = (n + [32, 64, 30, 128, 16, 48][len(n):])[:6]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layers, h, heads, f, vocab, block = MODELS[name]
    model = Gpt(layers, h, heads, f, vocab, block)
    optimizer = torch.optim.AdamW(model.parameters(), 1e-3, betas=(0.9, 0.99), weight_decay=0.0)
    g = torch.Generator().manual_seed(0)
    tokens = torch.randint(1, vocab, (batch, seq + 1), generator=g)
    inputs, targets = tokens[:, :seq], tokens[:, 1:].flatten()
    for step in range(steps + 3):
        if step == 3:
            start = time.perf_counter()
        loss = F.cross_entropy(model(inputs).flatten(0, 1), targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        loss.item()
    train_rate = steps * batch * seq / (time.perf_counter() - start)

    model.eval()
    with torch.no_grad():
        start = time.perf_counter()
        caches = [[None, None] for _ in range(layers)]
        x = torch.randint(1, vocab, (sample_batch, prompt), generator=g)
        position = 0
        for t in range(new):
            logits = model(x, caches, position)[:, -1, :]
            position += x.shape[1]
            x = next_tokens(logits, g)
        sample_rate = sample_batch * new / (time.perf_counter() - start)
    parameters = sum(p.numel() for p in model.parameters())
    print(json.dumps({"model": name, "parameters": parameters, "threads": threads, "torch": torch.__version__,
                      "train_tokens_per_second": train_rate, "sample_tokens_per_second": sample_rate}))


if __name__ == "__main__":
    main()
