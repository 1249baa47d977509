#include "replay_loader.h"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "sim/imu_simulator.h"
#include "wav_file.h"

namespace mote::boardsim {

namespace {

bool parseNumbers(const std::string& line, std::vector<double>& out) {
    out.clear();
    const char* p = line.c_str();
    while (*p) {
        while (*p == ',' || *p == ';' || *p == '\t' || *p == ' ' || *p == '\r')
            ++p;
        if (!*p)
            break;
        char* end = nullptr;
        const double v = std::strtod(p, &end);
        if (end == p || !std::isfinite(v))
            return false;
        out.push_back(v);
        p = end;
    }
    return !out.empty();
}

int16_t toRaw(double physical, double scale) {
    const double raw = std::round(physical / scale);
    return static_cast<int16_t>(raw > 32767 ? 32767 : (raw < -32768 ? -32768 : raw));
}

}  // namespace

bool loadRecording(const std::string& path, Recording& out, std::string& error) {
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".wav") == 0) {
        WavData wav;
        if (!readWav(path, wav, error))
            return false;
        if (wav.sampleRate != 16000) {
            error = path + ": " + std::to_string(wav.sampleRate) +
                    " Hz; the simulated microphone replays 16000 Hz WAV only";
            return false;
        }
        out.kind = Recording::Kind::Audio;
        out.values = std::move(wav.samples);
        out.sampleCount = out.values.size();
        return !out.values.empty() || (error = path + ": no samples", false);
    }
    std::ifstream in(path);
    if (!in) {
        error = path + ": cannot open";
        return false;
    }
    out.kind = Recording::Kind::Imu;
    std::string line;
    std::vector<double> numbers;
    size_t lineNo = 0;
    size_t columns = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (!parseNumbers(line, numbers)) {
            if (columns == 0 && out.sampleCount == 0)
                continue;  // header
            error = path + ":" + std::to_string(lineNo) + ": not a row of numbers";
            return false;
        }
        if (columns == 0)
            columns = numbers.size();
        if (numbers.size() != columns || (columns != 6 && columns != 7)) {
            error = path + ":" + std::to_string(lineNo) + ": " + std::to_string(numbers.size()) +
                    " columns; expected 6 (accX..gyrZ) or 7 (timestamp + 6)";
            return false;
        }
        const size_t first = columns - 6;
        for (size_t a = 0; a < 6; ++a)
            out.values.push_back(toRaw(numbers[first + a], a < 3 ? sim::ImuSimulator::kAccelScale
                                                                 : sim::ImuSimulator::kGyroScale));
        ++out.sampleCount;
    }
    if (out.sampleCount == 0) {
        error = path + ": no samples";
        return false;
    }
    return true;
}

}  // namespace mote::boardsim
