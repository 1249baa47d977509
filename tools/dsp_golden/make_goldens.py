#!/usr/bin/python3
"""Reference values for tests/dsp, computed with numpy/scipy (Debian's
python3-numpy and python3-scipy) independently of the C++ code.

Run with the Debian interpreter:  /usr/bin/python3 tools/dsp_golden/make_goldens.py
It rewrites tests/data/dsp/*.json. Each file holds the configuration (in the
DspConfig JSON shape of core/dsp/dsp_config_json.h), how to synthesize the
input (so the C++ test rebuilds it without storing thousands of samples),
and the expected output in the documented layout.

The reference pipeline is written from the textbook definitions:
  * FFT: numpy.fft.rfft
  * Butterworth: scipy.signal.butter(..., output="sos") + scipy.signal.sosfilt
  * Welch spectrum: scipy.signal.welch (Hann, hop N/2, no detrend), rescaled
  * skewness / excess kurtosis: scipy.stats.skew / scipy.stats.kurtosis
  * DCT: scipy.fft.dct(type=2, norm="ortho")
  * mel: HTK formula 2595*log10(1+f/700), triangles evaluated at exact bin
    frequencies
"""
import json
import os

import numpy as np
import scipy.fft
import scipy.signal
import scipy.stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data", "dsp")


# ---------------------------------------------------------------- signals
def synth(spec, rate, frames):
    """Sum of components, evaluated in float64 then rounded to float32.
    The C++ test implements the same formulas (tests/dsp/golden_signal.h)."""
    t = np.arange(frames, dtype=np.float64) / rate
    x = np.zeros(frames)
    for c in spec:
        kind = c["kind"]
        if kind == "sine":
            x += c["amp"] * np.sin(2 * np.pi * c["freq"] * t + c.get("phase", 0.0))
        elif kind == "chirp":  # instantaneous frequency f0 + (f1-f0) t / duration
            dur = frames / rate
            k = (c["f1"] - c["f0"]) / dur
            x += c["amp"] * np.sin(2 * np.pi * (c["f0"] * t + 0.5 * k * t * t))
        elif kind == "offset":
            x += c["value"]
        elif kind == "am":  # multiply everything so far by (1 + depth sin(2 pi f t))
            x *= 1.0 + c["depth"] * np.sin(2 * np.pi * c["freq"] * t)
        else:
            raise ValueError(kind)
    return x.astype(np.float32)


def make_input(axes_specs, rate, frames):
    return np.stack([synth(s, rate, frames) for s in axes_specs], axis=1)  # [frames][axes]


# ---------------------------------------------------------------- spectral
def spectral_ref(cfg, x):
    sp = cfg["spectral"]
    rate = cfg["sample_rate_hz"]
    n = sp["fft_length"]
    out = []
    for a in range(x.shape[1]):
        v = x[:, a].astype(np.float64) * cfg["input_scale"]
        if sp["filter"] != "none":
            btype = "lowpass" if sp["filter"] == "lowpass" else "highpass"
            sos = scipy.signal.butter(sp["filter_order"], sp["filter_cutoff_hz"], btype=btype, fs=rate, output="sos")
            v = scipy.signal.sosfilt(sos, v)
        v = v - v.mean()
        rms = np.sqrt(np.mean(v * v))
        skew = scipy.stats.skew(v)
        kurt = scipy.stats.kurtosis(v, fisher=True)
        # Welch with density scaling is |X|^2 / (fs * sum(w^2)), doubled on the
        # one-sided interior bins; our block defines |X|^2 / sum(w^2), undoubled.
        # A window shorter than the FFT is one Hann segment of its own length, zero-padded.
        seg = min(len(v), n)
        f, pxx = scipy.signal.welch(v, fs=rate, window="hann", nperseg=seg, noverlap=seg // 2 if seg == n else 0,
                                    nfft=n, detrend=False, return_onesided=True, scaling="density")
        p = pxx * rate
        p[1:n // 2] /= 2.0
        feats = [rms, skew, kurt]
        if sp["mode"] == "bins":
            q = p[1:n // 2 + 1]
            feats += list(np.log10(np.maximum(q, 1e-10)) if sp["log_power"] else q)
        else:
            peaks = [k for k in range(1, n // 2) if p[k] > p[k - 1] and p[k] >= p[k + 1]]
            peaks.sort(key=lambda k: -p[k])
            for i in range(sp["peak_count"]):
                if i < len(peaks):
                    k = peaks[i]
                    pw = np.log10(max(p[k], 1e-10)) if sp["log_power"] else p[k]
                    feats += [k * rate / n, pw]
                else:
                    feats += [0.0, -10.0 if sp["log_power"] else 0.0]
        out += feats
    return np.array(out).reshape(1, -1)


# ---------------------------------------------------------------- audio
def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_weights(rate, nfft, nfilt, low, high):
    edges = mel_to_hz(np.linspace(hz_to_mel(low), hz_to_mel(high), nfilt + 2))
    edges[0], edges[-1] = low, high
    freqs = np.arange(nfft // 2 + 1) * rate / nfft
    w = np.zeros((nfilt, nfft // 2 + 1))
    for m in range(nfilt):
        lo, c, hi = edges[m], edges[m + 1], edges[m + 2]
        rising = (freqs - lo) / (c - lo)
        falling = (hi - freqs) / (hi - c)
        w[m] = np.maximum(0.0, np.minimum(rising, falling))
        w[m][(freqs < lo) | (freqs >= hi)] = 0.0
    return edges, w


def audio_ref(cfg, x):
    au = cfg["audio"]
    rate = cfg["sample_rate_hz"]
    sig = x[:, 0].astype(np.float64) * cfg["input_scale"]
    flen = int(round(au["frame_length_s"] * rate))
    fstride = int(round(au["frame_stride_s"] * rate))
    nfft = au["fft_length"]
    high = au["high_hz"] if au["high_hz"] > 0 else rate / 2
    emph = np.append(sig[0], sig[1:] - au["pre_emphasis"] * sig[:-1])
    nframes = 1 if len(sig) <= flen else 1 + (len(sig) - flen) // fstride
    win = {"hamming": np.hamming(flen), "hann": np.hanning(flen), "rectangular": np.ones(flen)}[au["window"]]
    _, w = mel_weights(rate, nfft, au["num_filters"], au["low_hz"], high)
    rows = []
    for f in range(nframes):
        frame = np.zeros(flen)
        seg = emph[f * fstride:f * fstride + flen]
        frame[:len(seg)] = seg
        spec = np.fft.rfft(frame * win, n=nfft)
        power = np.abs(spec) ** 2 / nfft
        e = np.maximum(w @ power, 1e-10)
        if cfg["block"] == "mfe":
            floor = au["noise_floor_db"]
            db = np.maximum(10 * np.log10(e), floor)
            rows.append((db - floor) / -floor)
        else:
            c = scipy.fft.dct(np.log(e), type=2, norm="ortho")[:au["num_coefficients"]]
            L = au["lifter"]
            if L > 0:
                c = c * (1 + L / 2 * np.sin(np.pi * np.arange(len(c)) / L))
            rows.append(c)
    return np.array(rows)


# ---------------------------------------------------------------- cases
def base_config(block, rate):
    return {
        "block": block, "sample_rate_hz": rate, "input_scale": 1.0,
        "raw": {"normalize": False},
        "spectral": {"filter": "none", "filter_cutoff_hz": 3.0, "filter_order": 4, "fft_length": 64,
                     "mode": "bins", "log_power": True, "peak_count": 3},
        "audio": {"frame_length_s": 0.02, "frame_stride_s": 0.02, "fft_length": 512, "num_filters": 32,
                  "low_hz": 80.0, "high_hz": 0.0, "pre_emphasis": 0.98, "window": "hamming",
                  "noise_floor_db": -52.0, "num_coefficients": 13, "lifter": 0.0},
    }


MOTION = [
    [{"kind": "sine", "amp": 2.0, "freq": 5.0}, {"kind": "offset", "value": 9.8},
     {"kind": "sine", "amp": 0.3, "freq": 23.0, "phase": 0.5}],
    [{"kind": "sine", "amp": 1.0, "freq": 12.5}, {"kind": "sine", "amp": 0.5, "freq": 37.5},
     {"kind": "sine", "amp": 0.2, "freq": 1.0, "phase": 1.0}],
    [{"kind": "chirp", "amp": 1.5, "f0": 1.0, "f1": 30.0}, {"kind": "am", "depth": 0.5, "freq": 0.7}],
]

SPEECHY = [[{"kind": "sine", "amp": 0.4, "freq": 440.0}, {"kind": "sine", "amp": 0.2, "freq": 1870.0, "phase": 0.3},
            {"kind": "chirp", "amp": 0.1, "f0": 200.0, "f1": 3200.0}, {"kind": "am", "depth": 0.8, "freq": 3.0}]]


def case(name, cfg, axes_specs, frames, ref):
    x = make_input(axes_specs, cfg["sample_rate_hz"], frames)
    y = ref(cfg, x)
    doc = {"name": name, "generated_by": "tools/dsp_golden/make_goldens.py", "numpy": np.__version__,
           "scipy": scipy.__version__, "config": cfg, "frames": frames, "signal": axes_specs,
           "rows": int(y.shape[0]), "cols": int(y.shape[1]),
           "expected": [float("%.9g" % v) for v in y.reshape(-1)]}
    with open(os.path.join(OUT, name + ".json"), "w") as fh:
        json.dump(doc, fh, indent=None, separators=(",", ":"))
        fh.write("\n")
    print(name, y.shape)


def main():
    os.makedirs(OUT, exist_ok=True)

    cfg = base_config("spectral", 100.0)
    case("spectral_bins_100hz", cfg, MOTION, 200, spectral_ref)

    cfg = base_config("spectral", 100.0)
    cfg["spectral"].update(filter="lowpass", filter_cutoff_hz=8.0, filter_order=4, fft_length=128)
    case("spectral_lowpass4_fft128", cfg, MOTION, 200, spectral_ref)

    cfg = base_config("spectral", 100.0)
    cfg["spectral"].update(filter="highpass", filter_cutoff_hz=3.0, filter_order=3, mode="peaks", peak_count=3)
    case("spectral_highpass3_peaks", cfg, MOTION, 250, spectral_ref)

    cfg = base_config("spectral", 100.0)
    cfg["spectral"].update(log_power=False, fft_length=256)
    case("spectral_short_window_linear", cfg, MOTION, 150, spectral_ref)  # shorter than the FFT

    cfg = base_config("mfcc", 16000.0)
    case("mfcc_default_16k", cfg, SPEECHY, 16000, audio_ref)

    cfg = base_config("mfe", 16000.0)
    cfg["audio"]["num_filters"] = 40
    case("mfe_default_16k", cfg, SPEECHY, 16000, audio_ref)

    cfg = base_config("mfcc", 8000.0)
    cfg["audio"].update(frame_length_s=0.025, frame_stride_s=0.01, fft_length=256, num_filters=26, low_hz=300.0,
                        high_hz=3800.0, pre_emphasis=0.97, window="hann", num_coefficients=12, lifter=22.0)
    case("mfcc_8k_lifter_hann", cfg, SPEECHY, 4100, audio_ref)

    cfg = base_config("mfe", 16000.0)
    cfg["input_scale"] = 1.0 / 32768.0
    cfg["audio"].update(window="rectangular", pre_emphasis=0.0, noise_floor_db=-80.0, num_filters=20,
                        frame_length_s=0.032, frame_stride_s=0.016)
    case("mfe_int16_scale_short", cfg, [[{"kind": "sine", "amp": 12000.0, "freq": 1000.0}]], 300, audio_ref)

    # Mel filterbank: edges and full weight matrix.
    edges, w = mel_weights(16000.0, 512, 32, 80.0, 8000.0)
    with open(os.path.join(OUT, "mel_16k_512_32.json"), "w") as fh:
        json.dump({"sample_rate_hz": 16000.0, "fft_length": 512, "num_filters": 32, "low_hz": 80.0,
                   "high_hz": 8000.0, "edges_hz": [float(e) for e in edges],
                   "weights": [[float("%.9g" % v) for v in row] for row in w]}, fh, separators=(",", ":"))
        fh.write("\n")

    # Butterworth: scipy's sosfilt response to a two-tone burst.
    x = make_input([[{"kind": "sine", "amp": 1.0, "freq": 2.0}, {"kind": "sine", "amp": 0.7, "freq": 30.0},
                     {"kind": "offset", "value": 0.25}]], 100.0, 300)[:, 0].astype(np.float64)
    cases = []
    for btype in ("lowpass", "highpass"):
        for order in (1, 2, 3, 4, 5, 8):
            for cutoff in (5.0, 12.0):
                sos = scipy.signal.butter(order, cutoff, btype=btype, fs=100.0, output="sos")
                y = scipy.signal.sosfilt(sos, x)
                cases.append({"type": btype, "order": order, "cutoff_hz": cutoff,
                              "output": [float("%.9g" % v) for v in y]})
    with open(os.path.join(OUT, "butterworth_100hz.json"), "w") as fh:
        json.dump({"sample_rate_hz": 100.0, "frames": 300,
                   "signal": [{"kind": "sine", "amp": 1.0, "freq": 2.0}, {"kind": "sine", "amp": 0.7, "freq": 30.0},
                              {"kind": "offset", "value": 0.25}],
                   "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
