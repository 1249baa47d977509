# Fake trainer: starts, reports one epoch, then dies with a Python exception.
import json, sys
print(json.dumps({"event": "start"}), flush=True)
print(json.dumps({"event": "epoch", "epoch": 1, "epochs": 3, "loss": 1.0, "accuracy": 0.5,
                  "val_loss": 1.1, "val_accuracy": 0.4}), flush=True)
raise RuntimeError("CUDA out of memory (simulated crash)")
