#!/usr/bin/env python3
"""Generates the motion-gestures example dataset (synthetic 3-axis accelerometer).

Four classes, 2 s each at 62.5 Hz (125 frames), in m/s^2 with gravity on Z:
  idle   - board resting: gravity plus sensor noise and slow drift
  wave   - side-to-side swing, ~2 Hz on X with a little Y coupling
  circle - circular motion in the X/Y plane, ~1.2 Hz, 90 degrees phase shift
  shake  - fast irregular shaking, 6-9 Hz bursts on all axes

Every recording varies amplitude, frequency, phase, orientation tilt and noise
(seeded, so re-running gives byte-identical files). Standard library only.
Usage: python3 generate.py [OUT_DIR]   (default: the folder of this script)
"""
import json
import math
import os
import random
import sys

RATE_HZ = 62.5
FRAMES = 125
PER_CLASS = 15
SEED = 20261123
G = 9.81
CLASSES = ["idle", "wave", "circle", "shake"]


def tilt(rng):
    # Small random orientation: gravity does not sit exactly on Z.
    ax, ay = rng.uniform(-0.25, 0.25), rng.uniform(-0.25, 0.25)
    return (G * math.sin(ax), G * math.sin(ay), G * math.cos(ax) * math.cos(ay))


def recording(label, rng):
    gx, gy, gz = tilt(rng)
    noise = rng.uniform(0.03, 0.12)
    phase = rng.uniform(0, 2 * math.pi)
    rows = []
    if label == "wave":
        f, a = rng.uniform(1.6, 2.6), rng.uniform(4.0, 8.0)
    elif label == "circle":
        f, a = rng.uniform(0.9, 1.5), rng.uniform(3.0, 6.0)
    elif label == "shake":
        f, a = rng.uniform(6.0, 9.0), rng.uniform(6.0, 12.0)
    else:
        f, a = rng.uniform(0.05, 0.2), rng.uniform(0.05, 0.2)
    for i in range(FRAMES):
        t = i / RATE_HZ
        w = 2 * math.pi * f * t + phase
        if label == "wave":
            x, y, z = a * math.sin(w), 0.2 * a * math.sin(2 * w), 0.1 * a * math.cos(w)
        elif label == "circle":
            x, y, z = a * math.cos(w), a * math.sin(w), 0.15 * a * math.sin(2 * w)
        elif label == "shake":
            env = 0.6 + 0.4 * math.sin(2 * math.pi * 1.3 * t + phase)  # bursts
            x = env * a * math.sin(w)
            y = env * 0.7 * a * math.sin(1.13 * w + 1.0)
            z = env * 0.5 * a * math.sin(0.91 * w + 2.0)
        else:
            x, y, z = a * math.sin(w), a * math.cos(w), 0.0
        rows.append((gx + x + rng.gauss(0, noise), gy + y + rng.gauss(0, noise), gz + z + rng.gauss(0, noise)))
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for split in ("training", "testing"):
        os.makedirs(os.path.join(out, "data", split), exist_ok=True)
    rng = random.Random(SEED)
    files = []
    for label in CLASSES:
        for n in range(PER_CLASS):
            name = "%s.%02d.csv" % (label, n)
            # Every 5th recording of a class is a test sample (80/20); the
            # folder name carries the split, as in Edge Impulse exports.
            split = "testing" if n % 5 == 4 else "training"
            rel = "data/%s/%s" % (split, name)
            lines = ["timestamp,accX,accY,accZ"]
            for i, (x, y, z) in enumerate(recording(label, rng)):
                lines.append("%d,%.3f,%.3f,%.3f" % (i * 16, x, y, z))  # 16 ms = 62.5 Hz
            with open(os.path.join(out, rel), "w", newline="\n") as f:
                f.write("\n".join(lines) + "\n")
            files.append({"file": rel, "label": label, "split": "test" if split == "testing" else "train"})
    manifest = {
        "name": "motion-gestures",
        "description": "Synthetic 3-axis accelerometer gestures for a first model: idle, wave, circle, shake.",
        "sensor": "accelerometer",
        "axes": ["accX", "accY", "accZ"],
        "units": ["m/s2", "m/s2", "m/s2"],
        "sample_rate_hz": RATE_HZ,
        "frames_per_sample": FRAMES,
        "labels": CLASSES,
        "license": "CC0-1.0",
        "generator": "datasets/motion-gestures/generate.py (seed %d, Python standard library only)" % SEED,
        "how_made": "Sum of gravity with a random small tilt, a class-specific periodic motion with random "
                    "amplitude/frequency/phase, and Gaussian sensor noise. Not recorded from a device.",
        "import": "mote dataset import --project P --recursive datasets/motion-gestures/data",
        "files": files,
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
