"""Loads a `headroom lab export` folder into PyTorch 1.13 as Hugging Face's LlamaForCausalLM would and checks
that its logits match the lab's (TorchSharp) logits.

The safetensors file is read by hand (8-byte little-endian header length, JSON header of
{name: {dtype, shape, data_offsets}}, raw little-endian data) since the safetensors package is not
installed; the state dict is loaded with strict=True into bench/lab/llama_torch.py's Llama, whose
parameter names are LlamaForCausalLM's; texts are encoded with tokenizer.json's vocabulary (one token
per character, no merges).

Both sides run the same weights widened to float64 (the lab's LabThroughput `logits` mode and here), so
the comparison tests names, shapes, weights and architecture (RMSNorm, rotary layout, attention, SwiGLU)
free of float32 summation-order noise; the float32 difference (libtorch 2.10 against PyTorch 1.13 with
another BLAS) is printed beside it for information.

Usage: export_check.py EXPORT_FOLDER LAB_LOGITS_JSON [TOLERANCE]   (exit 1 when a float64 logit differs by more)
"""
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from llama_torch import Llama  # noqa: E402


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", (name, entry["dtype"])
        start, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[start:end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors


def main():
    folder, logits_file = sys.argv[1], sys.argv[2]
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
    config = json.load(open(os.path.join(folder, "config.json")))
    assert config["model_type"] == "llama" and config["architectures"] == ["LlamaForCausalLM"], config
    vocab = json.load(open(os.path.join(folder, "tokenizer.json")))["model"]["vocab"]
    model = Llama.from_config(config)
    model.load_state_dict(read_safetensors(os.path.join(folder, "model.safetensors")), strict=True)
    model.eval()
    wide = Llama.from_config(config).double()
    wide.load_state_dict({k: v.double() for k, v in model.state_dict().items()}, strict=True)
    lab = json.load(open(logits_file))
    worst = 0.0
    for text, expected, expected32 in zip(lab["texts"], lab["logits"], lab["logits_float32"]):
        tokens = torch.tensor([[vocab[c] for c in text]])
        with torch.no_grad():
            difference = (wide(tokens)[0] - torch.tensor(expected, dtype=torch.float64)).abs().max().item()
            difference32 = (model(tokens)[0].double() - torch.tensor(expected32, dtype=torch.float64)).abs().max().item()
        worst = max(worst, difference)
        print(f"{text[:40]!r:44} {len(text):3} tokens  max |PyTorch - lab|: float64 {difference:.2e}, float32 {difference32:.2e}")
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{len(lab['texts'])} texts, {parameters} parameters, largest difference {worst:.2e} (tolerance {tolerance:g}): {'OK' if worst <= tolerance else 'MISMATCH'}")
    sys.exit(0 if worst <= tolerance else 1)


if __name__ == "__main__":
    main()
