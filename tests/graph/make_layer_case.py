#!/usr/bin/env python3
"""Computes reference numbers for layer-list cases with PyTorch, at test time.

Usage: make_layer_case.py TRAINER_PY CASE_JSON OUT_DIR [CASE_JSON OUT_DIR ...]
(several cases per call: torch's import takes ~1.2 s, the cases milliseconds)
CASE_JSON: {"input_shape": [...], "layers": [...], "windows": N, "seed": S}
Builds the network with the trainer's own Model class (so the trainer's
weight export is tested too), randomizes every parameter (batch-norm running
statistics included), and writes OUT_DIR/X.npy (inputs), OUT_DIR/Y.npy
(outputs; softmax applied when the last layer is softmax) and
OUT_DIR/weights/<layer>_<name>.npy in the studio's layout.
"""
import importlib.util
import json
import os
import sys

import numpy as np
import torch

trainer_path = sys.argv[1]
spec = importlib.util.spec_from_file_location("torch_trainer", trainer_path)
trainer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(trainer)


def make_case(case_path, out_dir):
    with open(case_path) as f:
        case = json.load(f)
    torch.manual_seed(case.get("seed", 7))
    torch.set_num_threads(1)
    model = trainer.Model(case["input_shape"], case["layers"])
    with torch.no_grad():
        for layer in model.layers:
            if layer.kind == "batch_norm":
                c = layer.mod.num_features
                layer.mod.weight.copy_(torch.rand(c) + 0.5)
                layer.mod.bias.copy_(torch.randn(c) * 0.3)
                layer.mod.running_mean.copy_(torch.randn(c) * 0.5)
                layer.mod.running_var.copy_(torch.rand(c) + 0.2)
            elif hasattr(layer, "mod") and hasattr(layer.mod, "weight"):
                layer.mod.weight.copy_(torch.randn_like(layer.mod.weight) * 0.5)
                layer.mod.bias.copy_(torch.randn_like(layer.mod.bias) * 0.2)
    model.eval()
    x = torch.randn([case.get("windows", 4)] + list(case["input_shape"]))
    with torch.no_grad():
        y = model(x)
        if case["layers"][-1]["type"] == "softmax":
            y = torch.softmax(y, dim=1)
    os.makedirs(os.path.join(out_dir, "weights"), exist_ok=True)
    np.save(os.path.join(out_dir, "X.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, "Y.npy"), y.numpy().astype(np.float32))
    for i, layer in enumerate(model.layers):
        for name, value in layer.export().items():
            np.save(os.path.join(out_dir, "weights", "%d_%s.npy" % (i, name)), value)
    with open(os.path.join(out_dir, "output_shape.json"), "w") as f:
        json.dump(list(y.shape[1:]), f)


for k in range(2, len(sys.argv), 2):
    make_case(sys.argv[k], sys.argv[k + 1])
