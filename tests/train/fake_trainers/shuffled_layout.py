# Fake trainer: runs the real torch trainer, then overwrites the first dense
# kernel with its transpose-in-place reshape (right shape, wrong layout), as
# a buggy exporter would. Shapes pass; only the forward-pass check can see it.
import os, runpy, sys
import numpy as np
trainer = sys.argv[1]
job_dir = sys.argv[2]
sys.argv = [trainer, job_dir]
try:
    runpy.run_path(trainer, run_name="__main__")
except SystemExit as e:
    if e.code:
        raise
path = os.path.join(job_dir, "weights", "0_kernel.npy")
k = np.load(path)
np.save(path, np.ascontiguousarray(k.T).reshape(k.shape))
