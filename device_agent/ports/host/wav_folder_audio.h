#pragma once
// AudioSource that plays every 16 kHz WAV file of a folder in name order,
// with a short silence between files, looping forever. Files at other rates
// are skipped with a warning (the board's microphone is 16 kHz only).
// Loaded fully at start-up (host only; the heap is fine here).
#include <string>
#include <vector>

#include "sim/microphone.h"

namespace mote::boardsim {

class WavFolderAudio final : public mote::sim::AudioSource {
public:
    // Loads a folder or a single .wav file. False + `error` when nothing playable was found.
    bool load(const std::string& path, std::string& error, std::vector<std::string>& warnings);
    int16_t next() override;
    size_t clipCount() const { return m_clips.size(); }

private:
    std::vector<std::vector<int16_t>> m_clips;
    size_t m_clip = 0;
    size_t m_pos = 0;
    size_t m_gap = 0;  // silence samples still to play before the next clip
};

}  // namespace mote::boardsim
