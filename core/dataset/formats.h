#pragma once
// Parsers and encoders for single sample files. Pure functions over bytes:
// no file or database access. Parsers fill shape and data (label, split and
// source name are the importer's job) and return an Error that names the
// problem precisely (row, column, chunk, field) on bad input.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "dataset/sample.h"

namespace mote::dataset::formats {

// CSV with a header row. A column named like a timestamp (timestamp, time,
// t, time_ms, timestamp_ms, ms, seconds, time_s, ...) gives the rate; its
// unit comes from the name (ms / s) or, for plain "timestamp"/"time", from
// the step size (a median step >= 0.5 means ms). `rateHz` > 0 overrides the
// rate and is required when there is no timestamp column. Every other column
// is an axis named from the header. Values become float32.
Result<Sample> parseCsv(std::string_view text, double rateHz = 0);
std::string encodeCsv(const Sample& sample);  // "timestamp" (ms) + axis columns

// RIFF/WAVE, PCM 16-bit (format 1 or WAVE_FORMAT_EXTENSIBLE with PCM), any
// channel count and rate. Axes: "audio" (mono) or "ch0".."chN".
Result<Sample> parseWav(std::string_view bytes);
Result<std::string> encodeWav(const Sample& sample);  // needs int16 data

// Edge Impulse data acquisition format: {"protected":{...},"signature":...,
// "payload":{"device_name","device_type","interval_ms","sensors":[{name,units}],"values":[...]}}.
Result<Sample> parseEiJson(std::string_view text);
std::string encodeEiJson(const Sample& sample);
Result<Sample> parseEiCbor(std::string_view bytes);
std::string encodeEiCbor(const Sample& sample);

}  // namespace mote::dataset::formats
