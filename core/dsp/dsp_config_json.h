#pragma once
// Host-only: DspConfig <-> JSON (the "dsp" object of an impulse
// configuration) and a stable hash of a configuration for caches.
// Not part of the portable library (uses nlohmann::json and std::string);
// link mote_dsp_json.
//
// JSON shape (every field optional on input; defaults from dsp_config.h):
// {"block":"mfcc","sample_rate_hz":16000,"input_scale":3.0517578e-05,
//  "raw":{"normalize":false},
//  "spectral":{"filter":"none|lowpass|highpass","filter_cutoff_hz":3,"filter_order":4,
//              "fft_length":64,"mode":"bins|peaks","log_power":true,"peak_count":3},
//  "audio":{"frame_length_s":0.02,"frame_stride_s":0.02,"fft_length":512,"num_filters":32,
//           "low_hz":80,"high_hz":0,"pre_emphasis":0.98,"window":"hamming|hann|rectangular",
//           "noise_floor_db":-52,"num_coefficients":13,"lifter":0}}
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "dsp/dsp_block.h"
#include "dsp/dsp_config.h"

namespace mote::dsp {

nlohmann::json dspConfigToJson(const DspConfig& config);

// Errors name the offending field ("dsp.audio.fft_length: expected a number").
Result<DspConfig> dspConfigFromJson(const nlohmann::json& json);

// Checks every parameter that does not depend on the window length, for a
// window of `axes` axes. The message is the DspStatus message.
Status validateDspConfig(const DspConfig& config, uint32_t axes);

// Error with dspStatusMessage(status) prefixed by `context`.
Error dspError(DspStatus status, const std::string& context = "DSP");

// 16 hex digits (FNV-1a 64 of the canonical JSON): equal configs give equal
// hashes across runs and machines; any parameter change gives a new one.
std::string dspConfigHash(const DspConfig& config);

}  // namespace mote::dsp
