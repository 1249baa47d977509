#pragma once
// Sample: one labelled recording (frames x axes) as stored in a project.
//
// The data is kept exactly as it is stored: little-endian interleaved frames
// (frame 0 axis 0, frame 0 axis 1, ..., frame 1 axis 0, ...) of int16 or
// float32. Plain value type, safe to copy and move between threads.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mote::dataset {

// Train or test. Import/record may ask for "auto", which is resolved to one of
// these before a sample is stored (see resolveAutoSplit()).
enum class Split { Train, Test };

enum class DataType { Int16, Float32 };

const char* splitName(Split split);                   // "train" / "test"
std::optional<Split> splitFromName(std::string_view name);
const char* dataTypeName(DataType type);              // "int16" / "float32"
std::optional<DataType> dataTypeFromName(std::string_view name);
int bytesPerValue(DataType type);                     // 2 or 4

struct Sample {
    int64_t id = 0;                      // assigned by the store; 0 = not stored yet
    std::string label;                   // non-empty
    Split split = Split::Train;
    std::string sensor;                  // e.g. "accelerometer", "microphone"
    std::vector<std::string> axisNames;  // one per axis, e.g. {"accX","accY","accZ"}
    std::vector<std::string> units;      // one per axis (may be empty strings)
    double sampleRateHz = 0;             // > 0
    int64_t frameCount = 0;              // frames (rows); data holds frameCount*axes values
    DataType dataType = DataType::Float32;
    std::vector<uint8_t> data;           // little-endian interleaved; empty in metadata-only listings
    int64_t captureTimeMs = 0;           // unix time in ms when recorded/imported
    std::string device;                  // device identity ("" = unknown); stored in the devices table
    std::optional<int64_t> sessionId;    // recording session row, when recorded live
    std::string contentHash;             // hex sha256 of shape + data; filled by the store/helpers
    int64_t lostFrames = 0;              // frames the transport reported lost during recording
    int64_t crcErrors = 0;               // corrupt frames dropped during recording
    std::string metadataJson = "{}";     // free JSON object (source file name, flags, ...)
    std::string sourceName;              // original file name when imported ("" otherwise)

    int axisCount() const { return static_cast<int>(axisNames.size()); }
    double durationMs() const { return sampleRateHz > 0 ? frameCount * 1000.0 / sampleRateHz : 0; }

    // All values converted to float, interleaved as stored (int16 is NOT scaled).
    std::vector<float> values() const;
    // Value at (frame, axis), converted to float. Caller keeps indices in range.
    float value(int64_t frame, int axis) const;

    // Replace the data with these values (frames = values.size() / axisCount()).
    void setFloatData(const std::vector<float>& values);
    void setInt16Data(const std::vector<int16_t>& values);

    // Checks the shape: label, axes, units count, rate, data size. The message
    // names what is wrong ("sample has 3 axes but 2 unit strings").
    Status validate() const;
};

// Stable content hash (hex sha256) of the sample's shape and data. Label,
// split and times are NOT included, so relabelling keeps the hash.
std::string computeContentHash(const Sample& sample);

// "auto" split decided from the content hash: about 1 in 5 samples goes to
// Test, the same sample always gets the same answer.
Split resolveAutoSplit(const Sample& sample);

// Frames [firstFrame, firstFrame+frameCount) as a new sample (id 0, hash recomputed).
Result<Sample> sliceFrames(const Sample& sample, int64_t firstFrame, int64_t frameCount);

}  // namespace mote::dataset
