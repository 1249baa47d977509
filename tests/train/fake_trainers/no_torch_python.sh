#!/bin/sh
# Fake interpreter without torch: fails the studio's "import torch" probe like a Python without python3-torch.
echo "ModuleNotFoundError: No module named 'torch'" >&2
exit 1
