#include "dataset/sample.h"

#include <bit>
#include <cstring>

#include "dataset/sha256.h"

// Sample data is little-endian on disk and in memory; the studio only runs on
// little-endian hosts (x86-64, arm64), so values are copied with memcpy.
static_assert(std::endian::native == std::endian::little, "Mote Studio assumes a little-endian host");

namespace mote::dataset {

const char* splitName(Split split) { return split == Split::Train ? "train" : "test"; }

std::optional<Split> splitFromName(std::string_view name) {
    if (name == "train" || name == "training")
        return Split::Train;
    if (name == "test" || name == "testing")
        return Split::Test;
    return std::nullopt;
}

const char* dataTypeName(DataType type) { return type == DataType::Int16 ? "int16" : "float32"; }

std::optional<DataType> dataTypeFromName(std::string_view name) {
    if (name == "int16")
        return DataType::Int16;
    if (name == "float32")
        return DataType::Float32;
    return std::nullopt;
}

int bytesPerValue(DataType type) { return type == DataType::Int16 ? 2 : 4; }

float Sample::value(int64_t frame, int axis) const {
    size_t index = static_cast<size_t>(frame * axisCount() + axis);
    if (dataType == DataType::Int16) {
        int16_t v;
        std::memcpy(&v, data.data() + index * 2, 2);
        return v;
    }
    float v;
    std::memcpy(&v, data.data() + index * 4, 4);
    return v;
}

std::vector<float> Sample::values() const {
    size_t n = data.size() / static_cast<size_t>(bytesPerValue(dataType));
    std::vector<float> out(n);
    if (dataType == DataType::Float32) {
        std::memcpy(out.data(), data.data(), n * 4);
    } else {
        for (size_t i = 0; i < n; ++i) {
            int16_t v;
            std::memcpy(&v, data.data() + i * 2, 2);
            out[i] = v;
        }
    }
    return out;
}

void Sample::setFloatData(const std::vector<float>& v) {
    dataType = DataType::Float32;
    data.resize(v.size() * 4);
    std::memcpy(data.data(), v.data(), data.size());
    frameCount = axisCount() > 0 ? static_cast<int64_t>(v.size()) / axisCount() : 0;
}

void Sample::setInt16Data(const std::vector<int16_t>& v) {
    dataType = DataType::Int16;
    data.resize(v.size() * 2);
    std::memcpy(data.data(), v.data(), data.size());
    frameCount = axisCount() > 0 ? static_cast<int64_t>(v.size()) / axisCount() : 0;
}

Status Sample::validate() const {
    if (label.empty())
        return makeError("sample has no label");
    if (axisNames.empty())
        return makeError("sample has no axes");
    for (const auto& name : axisNames)
        if (name.empty())
            return makeError("sample has an axis without a name");
    if (units.size() != axisNames.size())
        return makeError("sample has " + std::to_string(axisNames.size()) + " axes but " +
                         std::to_string(units.size()) + " unit strings");
    if (!(sampleRateHz > 0) || sampleRateHz > 10e6)
        return makeError("sample rate " + std::to_string(sampleRateHz) + " Hz is not a usable rate");
    if (frameCount <= 0)
        return makeError("sample has no frames");
    uint64_t expected = static_cast<uint64_t>(frameCount) * axisNames.size() * bytesPerValue(dataType);
    if (!data.empty() && data.size() != expected)
        return makeError("sample data is " + std::to_string(data.size()) + " bytes but " +
                         std::to_string(frameCount) + " frames x " + std::to_string(axisNames.size()) +
                         " axes of " + dataTypeName(dataType) + " need " + std::to_string(expected));
    if (data.empty())
        return makeError("sample has no data");
    return {};
}

std::string computeContentHash(const Sample& s) {
    Sha256 h;
    h.updateField(dataTypeName(s.dataType));
    h.updateField(std::to_string(s.sampleRateHz));
    for (size_t i = 0; i < s.axisNames.size(); ++i) {
        h.updateField(s.axisNames[i]);
        h.updateField(i < s.units.size() ? s.units[i] : std::string());
    }
    h.updateField(std::string_view(reinterpret_cast<const char*>(s.data.data()), s.data.size()));
    return h.hexDigest();
}

Split resolveAutoSplit(const Sample& sample) {
    std::string hash = sample.contentHash.empty() ? computeContentHash(sample) : sample.contentHash;
    // First 8 hex digits as a number; 1 in 5 goes to test.
    uint32_t v = static_cast<uint32_t>(std::stoul(hash.substr(0, 8), nullptr, 16));
    return v % 5 == 0 ? Split::Test : Split::Train;
}

Result<Sample> sliceFrames(const Sample& sample, int64_t firstFrame, int64_t frameCount) {
    if (firstFrame < 0 || frameCount <= 0 || firstFrame + frameCount > sample.frameCount)
        return makeError("frames " + std::to_string(firstFrame) + ".." + std::to_string(firstFrame + frameCount) +
                         " are outside the sample's " + std::to_string(sample.frameCount) + " frames");
    Sample out = sample;
    out.id = 0;
    size_t frameBytes = static_cast<size_t>(sample.axisCount()) * bytesPerValue(sample.dataType);
    out.data.assign(sample.data.begin() + static_cast<ptrdiff_t>(firstFrame * frameBytes),
                    sample.data.begin() + static_cast<ptrdiff_t>((firstFrame + frameCount) * frameBytes));
    out.frameCount = frameCount;
    out.contentHash = computeContentHash(out);
    return out;
}

}  // namespace mote::dataset
