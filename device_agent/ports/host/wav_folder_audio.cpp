#include "wav_folder_audio.h"

#include <algorithm>
#include <filesystem>

#include "wav_file.h"

namespace mote::boardsim {

namespace {
constexpr size_t kGapSamples = 16000 * 3 / 10;  // 0.3 s between clips
}

bool WavFolderAudio::load(const std::string& path, std::string& error,
                          std::vector<std::string>& warnings) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (const auto& entry : fs::recursive_directory_iterator(path, ec))
            if (entry.is_regular_file() && entry.path().extension() == ".wav")
                files.push_back(entry.path());
    } else if (fs::is_regular_file(path, ec)) {
        files.push_back(path);
    } else {
        error = path + ": no such file or folder";
        return false;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        WavData wav;
        std::string why;
        if (!readWav(file.string(), wav, why)) {
            warnings.push_back(why);
        } else if (wav.sampleRate != 16000) {
            warnings.push_back(file.string() + ": " + std::to_string(wav.sampleRate) +
                               " Hz, the microphone plays 16000 Hz only; skipped");
        } else if (!wav.samples.empty()) {
            m_clips.push_back(std::move(wav.samples));
        }
    }
    if (m_clips.empty()) {
        error = path + ": no playable 16 kHz 16-bit WAV file found";
        return false;
    }
    return true;
}

int16_t WavFolderAudio::next() {
    if (m_clips.empty())
        return 0;
    if (m_gap > 0) {
        --m_gap;
        return 0;
    }
    const auto& clip = m_clips[m_clip];
    const int16_t v = clip[m_pos++];
    if (m_pos >= clip.size()) {
        m_pos = 0;
        m_clip = (m_clip + 1) % m_clips.size();
        m_gap = kGapSamples;
    }
    return v;
}

}  // namespace mote::boardsim
