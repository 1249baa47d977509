#!/usr/bin/env python3
"""Mote Studio's default trainer: trains the network described by a job
folder with PyTorch and writes float weights in the studio's layout.

Usage: torch_trainer.py JOB_DIR

The contract (inputs, stdout JSON lines, output files, weight layouts) is
documented in docs/trainer-contract.md. In short:
  reads   JOB_DIR/job.json, X_train.npy, y_train.npy, X_val.npy, y_val.npy
  prints  one JSON object per line on stdout: start, epoch..., done (or error)
  writes  JOB_DIR/weights/<layer>_<name>.npy, val_predictions.npy, metrics.json
  exits   0 on success, non-zero on failure

Activations are channels-last (N, features) / (N, time, channels) /
(N, height, width, channels); convolutions permute to PyTorch's
channels-first internally and back, so flatten/reshape mean exactly what
they mean in the studio's own forward pass.
"""
import json
import math
import os
import random
import sys
import time
import traceback

FORMAT_VERSION = 1


def emit(event, **fields):
    fields = {"event": event, **fields}
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as exc:  # the studio checks this first, but say it clearly anyway
    emit("error", message="PyTorch not found (%s): install Debian package python3-torch "
                          "(apt-get install python3-torch)" % exc)
    sys.exit(3)


def same_pads(size, kernel, stride):
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2  # TensorFlow: the odd pad goes after


def activation_fn(name):
    return {
        "none": lambda x: x, "linear": lambda x: x,
        "relu": F.relu, "relu6": lambda x: F.hardtanh(x, 0.0, 6.0),
        "tanh": torch.tanh, "sigmoid": torch.sigmoid,
    }[name]


def pair(value, one_d):
    """kernel_size/stride/pool_size as (h, w); 1-D layers have h = 1."""
    if isinstance(value, list):
        return (1, int(value[-1])) if one_d else (int(value[0]), int(value[1]))
    return (1, int(value)) if one_d else (int(value), int(value))


class Layer(nn.Module):
    """One studio layer on channels-last input of a known per-window shape."""

    def __init__(self, spec, in_shape):
        super().__init__()
        self.kind = spec["type"]
        p = spec.get("params", {})
        self.p = p
        self.in_shape = list(in_shape)
        self.act = activation_fn(p.get("activation", "none"))
        k = self.kind
        one_d = k in ("conv1d", "avg_pool1d", "max_pool1d")
        self.one_d = one_d
        if k == "dense":
            if len(in_shape) != 1:
                raise ValueError("dense needs a 1-D input, got %s: add a flatten layer" % in_shape)
            self.mod = nn.Linear(in_shape[0], p["units"])
            self.out_shape = [p["units"]]
        elif k in ("conv1d", "conv2d", "depthwise_conv2d", "avg_pool1d", "max_pool1d", "avg_pool2d", "max_pool2d"):
            shape3 = [1] + list(in_shape) if one_d else list(in_shape)
            if len(shape3) != 3:
                raise ValueError("%s got input shape %s" % (k, in_shape))
            kernel = pair(p.get("kernel_size", p.get("pool_size")), one_d)
            default_stride = kernel if "pool" in k else (1, 1)
            stride = pair(p["stride"], one_d) if "stride" in p else default_stride
            self.kernel, self.stride = kernel, stride
            self.same = p.get("padding", "valid") == "same"
            h, w, c = shape3
            if self.same:
                self.pads = same_pads(h, kernel[0], stride[0]) + same_pads(w, kernel[1], stride[1])
                oh, ow = (h + stride[0] - 1) // stride[0], (w + stride[1] - 1) // stride[1]
            else:
                self.pads = (0, 0, 0, 0)
                oh, ow = (h - kernel[0]) // stride[0] + 1, (w - kernel[1]) // stride[1] + 1
            if oh < 1 or ow < 1:
                raise ValueError("%s kernel %s larger than input %s" % (k, kernel, in_shape))
            oc = c
            if k in ("conv1d", "conv2d"):
                oc = p["filters"]
                self.mod = nn.Conv2d(c, oc, kernel, stride)
            elif k == "depthwise_conv2d":
                oc = c * p.get("depth_multiplier", 1)
                self.mod = nn.Conv2d(c, oc, kernel, stride, groups=c)
            self.out_shape = [ow, oc] if one_d else [oh, ow, oc]
        elif k == "flatten":
            self.out_shape = [int(np.prod(in_shape))]
        elif k == "dropout":
            self.mod = nn.Dropout(p.get("rate", 0.0))
            self.out_shape = list(in_shape)
        elif k == "batch_norm":
            self.mod = nn.BatchNorm1d(in_shape[-1], eps=p.get("epsilon", 1e-3), momentum=p.get("momentum", 0.1))
            self.out_shape = list(in_shape)
        elif k == "reshape":
            shape = list(p["shape"])
            total = int(np.prod(in_shape))
            if -1 in shape:
                known = int(np.prod([d for d in shape if d != -1]))
                shape[shape.index(-1)] = total // known
            if int(np.prod(shape)) != total:
                raise ValueError("cannot reshape %s to %s" % (in_shape, p["shape"]))
            self.out_shape = shape
        elif k == "softmax":
            self.out_shape = list(in_shape)
        else:
            raise ValueError("unknown layer type '%s'" % k)

    def _pad(self, x, value):
        top, bottom, left, right = self.pads
        if top or bottom or left or right:
            x = F.pad(x, (left, right, top, bottom), value=value)
        return x

    def forward(self, x):
        k = self.kind
        n = x.shape[0]
        if k == "dense":
            return self.act(self.mod(x))
        if k in ("flatten", "reshape"):
            return x.reshape([n] + self.out_shape)
        if k == "dropout":
            return self.mod(x)
        if k == "batch_norm":
            c = self.in_shape[-1]
            return self.mod(x.reshape(-1, c)).reshape(x.shape)
        if k == "softmax":
            return x  # logits while training; the model applies softmax for predictions
        # 2-D work in NCHW; 1-D inputs (N, T, C) are (N, 1, T, C).
        if self.one_d:
            x = x.unsqueeze(1)
        x = x.permute(0, 3, 1, 2)
        if k in ("conv1d", "conv2d", "depthwise_conv2d"):
            x = self.act(self.mod(self._pad(x, 0.0)))
        elif k.startswith("max_pool"):
            x = F.max_pool2d(self._pad(x, float("-inf")), self.kernel, self.stride)
        else:  # average over real elements only (TFLite semantics with "same")
            summed = F.avg_pool2d(self._pad(x, 0.0), self.kernel, self.stride)
            if any(self.pads):
                ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype)
                summed = summed / F.avg_pool2d(self._pad(ones, 0.0), self.kernel, self.stride)
            x = summed
        x = x.permute(0, 2, 3, 1)
        if self.one_d:
            x = x.squeeze(1)
        return x.contiguous()

    def export(self):
        """Float tensors in the studio's layout (docs/trainer-contract.md)."""
        k = self.kind
        t = {}
        if k == "dense":
            t["kernel"] = self.mod.weight  # [units, in]
            t["bias"] = self.mod.bias
        elif k == "conv1d":
            t["kernel"] = self.mod.weight[:, :, 0, :].permute(0, 2, 1)  # [F, C, 1, k] -> [F, k, C]
            t["bias"] = self.mod.bias
        elif k == "conv2d":
            t["kernel"] = self.mod.weight.permute(0, 2, 3, 1)  # [F, C, kh, kw] -> [F, kh, kw, C]
            t["bias"] = self.mod.bias
        elif k == "depthwise_conv2d":
            t["kernel"] = self.mod.weight.permute(1, 2, 3, 0)  # [C*m, 1, kh, kw] -> [1, kh, kw, C*m]
            t["bias"] = self.mod.bias
        elif k == "batch_norm":
            t["gamma"], t["beta"] = self.mod.weight, self.mod.bias
            t["mean"], t["var"] = self.mod.running_mean, self.mod.running_var
        return {name: v.detach().cpu().numpy().astype(np.float32) for name, v in t.items()}


class Model(nn.Module):
    def __init__(self, input_shape, layer_specs):
        super().__init__()
        layers, shape = [], list(input_shape)
        for i, spec in enumerate(layer_specs):
            try:
                layer = Layer(spec, shape)
            except (KeyError, ValueError) as exc:
                raise ValueError("layer %d (%s): %s" % (i, spec.get("type"), exc))
            layers.append(layer)
            shape = layer.out_shape
        self.layers = nn.ModuleList(layers)
        self.out_shape = shape

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x  # logits


def augment(x, aug, feature_std, gen):
    noise = float(aug.get("noise", 0.0) or 0.0)
    shift = int(aug.get("time_shift", 0) or 0)
    mask = int(aug.get("mask", 0) or 0)
    if noise > 0:
        x = x + torch.randn(x.shape, generator=gen) * (noise * feature_std)
    if shift > 0 and x.dim() >= 3:
        s = int(torch.randint(-shift, shift + 1, (1,), generator=gen))
        x = torch.roll(x, s, dims=1)
    if mask > 0 and x.dim() >= 3:
        x = x.clone()
        width = int(torch.randint(0, mask + 1, (1,), generator=gen))
        if width:
            start = int(torch.randint(0, max(x.shape[1] - width, 0) + 1, (1,), generator=gen))
            x[:, start:start + width] = 0.0
        if x.dim() == 4:  # also mask a band of the second axis (frequency)
            width = int(torch.randint(0, mask + 1, (1,), generator=gen))
            if width:
                start = int(torch.randint(0, max(x.shape[2] - width, 0) + 1, (1,), generator=gen))
                x[:, :, start:start + width] = 0.0
    return x


def evaluate(model, x, y, loss_fn, batch):
    model.eval()
    total_loss, correct, probs = 0.0, 0, []
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            logits = model(x[i:i + batch])
            total_loss += float(loss_fn(logits, y[i:i + batch])) * logits.shape[0]
            correct += int((logits.argmax(1) == y[i:i + batch]).sum())
            probs.append(torch.softmax(logits, dim=1))
    n = max(x.shape[0], 1)
    p = torch.cat(probs) if probs else torch.zeros((0, model.out_shape[0]))
    return total_loss / n, correct / n, p


def main(argv):
    if len(argv) != 2:
        emit("error", message="usage: torch_trainer.py JOB_DIR")
        return 2
    job_dir = argv[1]
    started = time.time()
    with open(os.path.join(job_dir, "job.json")) as f:
        job = json.load(f)
    if job.get("format_version") != FORMAT_VERSION:
        raise ValueError("job.json format_version %r is not supported (this trainer reads %d)"
                         % (job.get("format_version"), FORMAT_VERSION))
    tr = job.get("training", {})
    torch.set_num_threads(int(tr.get("threads", 1)))  # 1 thread is fastest for these small models
    seed = int(tr.get("seed", 1))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)

    def load(name, dtype):
        return torch.from_numpy(np.load(os.path.join(job_dir, name)).astype(dtype))

    x_train, y_train = load("X_train.npy", np.float32), load("y_train.npy", np.int64)
    x_val, y_val = load("X_val.npy", np.float32), load("y_val.npy", np.int64)
    input_shape = list(job["input_shape"])
    classes = list(job["classes"])
    if list(x_train.shape[1:]) != input_shape:
        raise ValueError("X_train has shape %s, job.json input_shape is %s" % (list(x_train.shape), input_shape))
    model = Model(input_shape, job["layers"])
    if model.out_shape != [len(classes)]:
        raise ValueError("the network outputs %s values, the job has %d classes" % (model.out_shape, len(classes)))

    epochs = int(tr.get("epochs", 30))
    batch = int(tr.get("batch_size", 32))
    lr = float(tr.get("learning_rate", 0.005))
    weights = None
    if tr.get("class_weighting", "none") == "balanced":
        counts = torch.bincount(y_train, minlength=len(classes)).float()
        weights = counts.sum() / (len(classes) * counts.clamp(min=1))
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    eval_loss = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    aug = tr.get("augmentation", {}) or {}
    feature_std = x_train.std(dim=0, keepdim=True).clamp(min=1e-6) if x_train.shape[0] > 1 else 1.0

    emit("start", torch=torch.__version__, train_windows=int(x_train.shape[0]), val_windows=int(x_val.shape[0]),
         parameters=sum(p.numel() for p in model.parameters()), epochs=epochs)
    train_loss = train_acc = val_loss = val_acc = None
    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(x_train.shape[0], generator=gen)
        total, correct, seen = 0.0, 0, 0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            if len(idx) < 2 and any(l.kind == "batch_norm" for l in model.layers):
                continue  # batch norm cannot train on a single window
            xb, yb = augment(x_train[idx], aug, feature_std, gen), y_train[idx]
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            optimizer.step()
            total += float(loss) * len(idx)
            correct += int((logits.argmax(1) == yb).sum())
            seen += len(idx)
        train_loss, train_acc = total / max(seen, 1), correct / max(seen, 1)
        if not math.isfinite(train_loss):
            raise ValueError("training diverged at epoch %d (loss is %s): lower the learning rate" % (epoch, train_loss))
        if x_val.shape[0]:
            val_loss, val_acc, _ = evaluate(model, x_val, y_val, eval_loss, 256)
        emit("epoch", epoch=epoch, epochs=epochs, loss=train_loss, accuracy=train_acc,
             val_loss=val_loss, val_accuracy=val_acc)

    _, _, val_probs = evaluate(model, x_val, y_val, eval_loss, 256)
    out_dir = os.path.join(job_dir, "weights")
    os.makedirs(out_dir, exist_ok=True)
    for i, layer in enumerate(model.layers):
        for name, value in layer.export().items():
            np.save(os.path.join(out_dir, "%d_%s.npy" % (i, name)), np.ascontiguousarray(value))
    np.save(os.path.join(job_dir, "val_predictions.npy"), val_probs.numpy().astype(np.float32))
    metrics = {"epochs": epochs, "train_loss": train_loss, "train_accuracy": train_acc,
               "val_loss": val_loss, "val_accuracy": val_acc, "seconds": time.time() - started,
               "trainer": "torch_trainer.py", "torch": torch.__version__}
    with open(os.path.join(job_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    emit("done", **metrics)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as exc:  # report one clear line on stdout, the traceback on stderr
        traceback.print_exc()
        emit("error", message="%s: %s" % (type(exc).__name__, exc))
        sys.exit(1)
