#pragma once
// Minimal reader for PCM WAV files (RIFF, 16-bit integer samples). Returns
// the first channel only. Bounds-checked: a truncated or foreign file gives
// an error naming the problem.
#include <cstdint>
#include <string>
#include <vector>

namespace mote::boardsim {

struct WavData {
    uint32_t sampleRate = 0;
    uint16_t channels = 0;
    std::vector<int16_t> samples;  // first channel
};

// Returns false and sets `error` on failure.
bool readWav(const std::string& path, WavData& out, std::string& error);

}  // namespace mote::boardsim
