"""The lab's Llama-shaped model (src/Headroom.Lab/Model/Llama.cs) in PyTorch 1.13, for bench/lab-throughput.sh
and bench/lab/export-check.sh.

Same shapes, names and ops as the TorchSharp model and Hugging Face's LlamaForCausalLM: RMSNorm (written
out: 1.13 has no nn.RMSNorm), rotary positions in HF's rotate-half layout, bias-free Q/K/V/O, written-out
attention (QK^T, masked_fill, softmax, @V; 1.13 has no scaled_dot_product_attention), SwiGLU MLP, untied
LM head; parameter names model.embed_tokens / model.layers.N.self_attn.q_proj / ... / lm_head, so a
Hugging Face export's state dict loads with load_state_dict(strict=True).

Throughput: prints one JSON line.  Usage: llama_torch.py MODEL THREADS [BATCH SEQ STEPS SAMPLE_BATCH PROMPT NEW]
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
    "small": (3, 64, 4, 176, 19, 128),
    "full": (3, 96, 4, 256, 19, 128),
    "0.2M": (4, 64, 4, 192, 19, 128),
    "1M": (5, 128, 4, 352, 19, 128),
    "5M": (6, 256, 8, 704, 19, 128),
}


class RMSNorm(nn.Module):
    def __init__(self, h, eps):
        super().__init__()
        self.weight, self.eps = nn.Parameter(torch.ones(h)), eps

    def forward(self, x):
        return self.weight * (x * (x.pow(2).mean(-1, keepdim=True) + self.eps).rsqrt())


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], -1)


class Attention(nn.Module):
    def __init__(self, h, heads):
        super().__init__()
        self.q_proj, self.k_proj, self.v_proj, self.o_proj = (nn.Linear(h, h, bias=False) for _ in range(4))
        self.heads, self.scale = heads, 1.0 / math.sqrt(h // heads)

    def forward(self, x, cos, sin, cache=None):
        b, t, c = x.shape
        q, k, v = (m(x).view(b, t, self.heads, -1).transpose(1, 2) for m in (self.q_proj, self.k_proj, self.v_proj))
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
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
        return self.o_proj(scores.softmax(-1).matmul(v).transpose(1, 2).contiguous().view(b, t, c))


class Mlp(nn.Module):
    def __init__(self, h, f):
        super().__init__()
        self.gate_proj, self.up_proj, self.down_proj = nn.Linear(h, f, bias=False), nn.Linear(h, f, bias=False), nn.Linear(f, h, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, h, heads, f, eps):
        super().__init__()
        self.input_layernorm, self.self_attn = RMSNorm(h, eps), Attention(h, heads)
        self.post_attention_layernorm, self.mlp = RMSNorm(h, eps), Mlp(h, f)

    def forward(self, x, cos, sin, cache=None):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, cache)
        return x + self.mlp(self.post_attention_layernorm(x))


class Decoder(nn.Module):
    def __init__(self, layers, h, heads, f, vocab, eps):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, h)
        self.layers = nn.ModuleList(Layer(h, heads, f, eps) for _ in range(layers))
        self.norm = RMSNorm(h, eps)


class Llama(nn.Module):
    """LlamaForCausalLM's structure and names; forward(tokens, caches, start) -> logits."""

    def __init__(self, layers, h, heads, f, vocab, block, eps=1e-5, theta=10000.0):
        super().__init__()
        self.model, self.lm_head = Decoder(layers, h, heads, f, vocab, eps), nn.Linear(h, vocab, bias=False)
        d = h // heads
        inverse = 1.0 / (theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
        angles = torch.outer(torch.arange(block, dtype=torch.float32), inverse)
        both = torch.cat([angles, angles], -1)
        self.cos, self.sin = both.cos(), both.sin()

    @classmethod
    def from_config(cls, config):
        return cls(config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"], config["intermediate_size"],
                   config["vocab_size"], config["max_position_embeddings"], config["rms_norm_eps"], config["rope_theta"])

    def forward(self, tokens, caches=None, start=0):
        t = tokens.shape[1]
        cos, sin = self.cos[start:start + t], self.sin[start:start + t]
        x = self.model.embed_tokens(tokens)
        for i, layer in enumerate(self.model.layers):
            x = layer(x, cos, sin, None if caches is None else caches[i])
        return self.lm_head(self.model.norm(x))


def next_tokens(logits, generator, temperature=1.0, top_p=1.0):
    probs = (logits / temperature).softmax(-1)
    sorted_probs, order = probs.sort(-1, descending=True)
    before = sorted_probs.cumsum(-1) - sorted_probs
    kept = sorted_probs.masked_fill(before >= top_p, 0.0)
    return order.gather(-1, torch.multinomial(kept, 1, generator=generator))


def sample_rate(model, layers, vocab, g, batch, prompt, new, cached):
    """New tokens per second: decoding against a KV cache, or rerunning the whole sequence every token."""
    with torch.no_grad():
        start = time.perf_counter()
        x = torch.randint(1, vocab, (batch, prompt), generator=g)
        if cached:
            caches, position = [[None, None] for _ in range(layers)], 0
            for _ in range(new):
                logits = model(x, caches, position)[:, -1, :]
                position += x.shape[1]
                x = next_tokens(logits, g)
        else:
            sequence = x
            for _ in range(new):
                logits = model(sequence)[:, -1, :]
                sequence = torch.cat([sequence, next_tokens(logits, g)], 1)
        return batch * new / (time.perf_counter() - start)


def main():
    name, threads = sys.argv[1], int(sys.argv[2])
    n = [int(a) for a in sys.argv[3:]]
    batch, seq, steps, sample_batch, prompt, new = (n + [32, 64, 30, 128, 16, 48][len(n):])[:6]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    layers, h, heads, f, vocab, block = MODELS[name]
    model = Llama(layers, h, heads, f, vocab, block)
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
    cached = sample_rate(model, layers, vocab, g, sample_batch, prompt, new, cached=True)
    uncached = sample_rate(model, layers, vocab, g, sample_batch, prompt, new, cached=False)
    parameters = sum(p.numel() for p in model.parameters())
    print(json.dumps({"model": name, "parameters": parameters, "threads": threads, "torch": torch.__version__,
                      "train_tokens_per_second": train_rate, "sample_tokens_per_second": cached, "sample_no_cache_tokens_per_second": uncached}))


if __name__ == "__main__":
    main()
