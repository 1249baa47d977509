#pragma once
// The impulse a new project starts with, per sensor type, chosen so that a
// user who changes nothing gets a model that trains well on small data:
//   motion: 2 s windows every 0.5 s, spectral features, dense 20 -> dense 10
//   audio:  1 s windows every 0.5 s, MFCC, two small conv1d blocks
//   other:  2 s windows, raw (normalized) values, dense 20 -> dense 10
// resources/impulses/<sensor>.json hold the same defaults as files (a test
// keeps them equal).
#include "impulse/impulse_config.h"

namespace mote::impulse {

// sampleRateHz <= 0 means the sensor type's usual rate (100 Hz motion, 16 kHz audio).
ImpulseConfig defaultImpulse(SensorType sensor, double sampleRateHz = 0);

// Default DSP block for a sensor type, as DspConfig JSON.
nlohmann::json defaultDspJson(SensorType sensor, double sampleRateHz);

// DSP JSON selecting `block` ("raw", "spectral", "mfe", "mfcc") with its
// default parameters; error for an unknown name.
Result<nlohmann::json> dspJsonForBlock(const std::string& block, double sampleRateHz);

// One-line description of a layer: "conv1d(8, k3, same, relu)".
std::string describeLayer(const nn::LayerSpec& layer);

}  // namespace mote::impulse
