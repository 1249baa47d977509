#include "wav_file.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace mote::boardsim {

namespace {
uint32_t le32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24); }
uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
}  // namespace

bool readWav(const std::string& path, WavData& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open";
        return false;
    }
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
        std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
        error = path + ": not a RIFF/WAVE file";
        return false;
    }
    size_t pos = 12;
    uint16_t format = 0, bits = 0;
    bool haveFmt = false;
    while (pos + 8 <= bytes.size()) {
        const uint32_t size = le32(&bytes[pos + 4]);
        const size_t body = pos + 8;
        if (size > bytes.size() - body) {
            error = path + ": chunk runs past the end of the file (truncated?)";
            return false;
        }
        if (std::memcmp(&bytes[pos], "fmt ", 4) == 0 && size >= 16) {
            format = le16(&bytes[body]);
            out.channels = le16(&bytes[body + 2]);
            out.sampleRate = le32(&bytes[body + 4]);
            bits = le16(&bytes[body + 14]);
            haveFmt = true;
        } else if (std::memcmp(&bytes[pos], "data", 4) == 0) {
            if (!haveFmt) {
                error = path + ": data chunk before fmt chunk";
                return false;
            }
            if ((format != 1 && format != 0xFFFE) || bits != 16 || out.channels == 0) {
                error = path + ": only 16-bit PCM WAV is supported";
                return false;
            }
            const size_t frameBytes = 2u * out.channels;
            const size_t frames = size / frameBytes;
            out.samples.resize(frames);
            for (size_t i = 0; i < frames; ++i)
                out.samples[i] = static_cast<int16_t>(le16(&bytes[body + i * frameBytes]));
            return true;
        }
        pos = body + size + (size & 1u);
    }
    error = path + ": no data chunk";
    return false;
}

}  // namespace mote::boardsim
