// WAV sample files: RIFF/WAVE with 16-bit PCM.
#include <cstring>

#include "dataset/formats.h"

namespace mote::dataset::formats {
namespace {

uint32_t u32(const char* p) {
    auto* b = reinterpret_cast<const unsigned char*>(p);
    return uint32_t(b[0]) | (uint32_t(b[1]) << 8) | (uint32_t(b[2]) << 16) | (uint32_t(b[3]) << 24);
}
uint16_t u16(const char* p) {
    auto* b = reinterpret_cast<const unsigned char*>(p);
    return static_cast<uint16_t>(b[0] | (b[1] << 8));
}
void put32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}

}  // namespace

Result<Sample> parseWav(std::string_view bytes) {
    if (bytes.size() < 12)
        return makeError("WAV header is truncated (" + std::to_string(bytes.size()) + " bytes, need at least 12)");
    if (bytes.substr(0, 4) != "RIFF" || bytes.substr(8, 4) != "WAVE")
        return makeError("not a WAV file (no RIFF/WAVE header)");
    size_t pos = 12;
    bool haveFormat = false;
    uint16_t channels = 0, bits = 0, blockAlign = 0;
    uint32_t rate = 0;
    while (pos + 8 <= bytes.size()) {
        std::string_view id = bytes.substr(pos, 4);
        uint64_t size = u32(bytes.data() + pos + 4);
        size_t body = pos + 8;
        uint64_t remaining = bytes.size() - body;
        if (id == "fmt ") {
            if (size < 16 || remaining < 16)
                return makeError("WAV fmt chunk is truncated (" + std::to_string(std::min<uint64_t>(size, remaining)) +
                                 " bytes, need 16)");
            uint16_t format = u16(bytes.data() + body);
            channels = u16(bytes.data() + body + 2);
            rate = u32(bytes.data() + body + 4);
            blockAlign = u16(bytes.data() + body + 12);
            bits = u16(bytes.data() + body + 14);
            if (format == 0xFFFE && size >= 40 && remaining >= 40)
                format = u16(bytes.data() + body + 24);  // sub-format GUID starts with the format code
            if (format != 1)
                return makeError("WAV uses format code " + std::to_string(format) +
                                 ", only PCM (1) is supported: convert to 16-bit PCM");
            if (bits != 16)
                return makeError("WAV is " + std::to_string(bits) + "-bit, only 16-bit PCM is supported: convert it");
            if (channels == 0)
                return makeError("WAV declares 0 channels");
            if (rate == 0)
                return makeError("WAV declares a sample rate of 0 Hz");
            if (blockAlign != channels * 2)
                return makeError("WAV block align " + std::to_string(blockAlign) + " does not match " +
                                 std::to_string(channels) + " channels of 16 bits");
            haveFormat = true;
        } else if (id == "data") {
            if (!haveFormat)
                return makeError("WAV data chunk comes before the fmt chunk");
            if (size > remaining)
                return makeError("WAV data chunk claims " + std::to_string(size) + " bytes but only " +
                                 std::to_string(remaining) + " remain (truncated or corrupt file)");
            if (size % blockAlign != 0)
                return makeError("WAV data chunk size " + std::to_string(size) + " is not a whole number of frames");
            if (size == 0)
                return makeError("WAV has no audio frames");
            Sample s;
            s.sensor = "microphone";
            if (channels == 1) {
                s.axisNames = {"audio"};
            } else {
                for (int c = 0; c < channels; ++c)
                    s.axisNames.push_back("ch" + std::to_string(c));
            }
            s.units.assign(channels, "");
            s.sampleRateHz = rate;
            s.dataType = DataType::Int16;
            s.data.resize(size);
            std::memcpy(s.data.data(), bytes.data() + body, size);
            s.frameCount = static_cast<int64_t>(size / blockAlign);
            return s;
        }
        if (size > remaining)
            return makeError("WAV chunk '" + std::string(id) + "' claims " + std::to_string(size) + " bytes but only " +
                             std::to_string(remaining) + " remain (truncated or corrupt file)");
        pos = body + size + (size & 1);  // chunks are padded to even sizes
    }
    if (!haveFormat)
        return makeError("WAV header is truncated: no fmt chunk");
    return makeError("WAV has no data chunk (truncated file?)");
}

Result<std::string> encodeWav(const Sample& s) {
    if (s.dataType != DataType::Int16)
        return makeError("WAV export needs int16 samples; sample " + std::to_string(s.id) +
                         " is float32: export it as CSV, JSON or CBOR");
    uint32_t channels = static_cast<uint32_t>(s.axisCount());
    uint32_t rate = static_cast<uint32_t>(s.sampleRateHz + 0.5);
    std::string out;
    out.reserve(44 + s.data.size());
    out += "RIFF";
    put32(out, static_cast<uint32_t>(36 + s.data.size()));
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, 1);
    put16(out, static_cast<uint16_t>(channels));
    put32(out, rate);
    put32(out, rate * channels * 2);
    put16(out, static_cast<uint16_t>(channels * 2));
    put16(out, 16);
    out += "data";
    put32(out, static_cast<uint32_t>(s.data.size()));
    out.append(reinterpret_cast<const char*>(s.data.data()), s.data.size());
    if (s.data.size() & 1)
        out.push_back('\0');
    return out;
}

}  // namespace mote::dataset::formats
