#pragma once
// Loads a recording for --replay: a CSV of IMU samples (6 columns accX..gyrZ
// in m/s2 and deg/s, optionally preceded by a timestamp column, optional
// header line; comma, semicolon, tab or space separated) or a 16 kHz WAV for
// the microphone. Values are converted to the sensor's raw int16 scale.
#include <cstdint>
#include <string>
#include <vector>

namespace mote::boardsim {

struct Recording {
    enum class Kind { Imu, Audio } kind = Kind::Imu;
    std::vector<int16_t> values;  // interleaved raw samples
    size_t sampleCount = 0;
};

// False + `error` (naming the file and line) when the file cannot be used.
bool loadRecording(const std::string& path, Recording& out, std::string& error);

}  // namespace mote::boardsim
