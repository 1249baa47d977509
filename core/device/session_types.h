#pragma once
// Value types a DeviceSession reports: states, counters, sample batches,
// the clock-drift estimate. Plain values, safe to copy between threads.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace mote::device {

enum class SessionState {
    Idle,          // not started
    Connecting,    // port open, handshake in progress
    Connected,     // handshake done, capabilities known
    Disconnected,  // the board went away (unplug, process died); reconnect() may help
    Failed,        // could not open / no answer / wrong protocol; the message says why
    Stopped,       // stop() was called
};
const char* sessionStateName(SessionState state);

struct SessionCounters {
    uint64_t bytes = 0;            // bytes read from the port
    uint64_t frames = 0;           // verified frames
    uint64_t crcErrors = 0;        // frames dropped: CRC mismatch
    uint64_t malformedFrames = 0;  // frames dropped: COBS, too short, too long, verifier, version
    uint64_t lostFrames = 0;       // frames missing by sequence number
    uint64_t outOfOrder = 0;       // sequence went backwards
    uint64_t badMessages = 0;      // verified frames whose content made no sense
    uint64_t samples = 0;          // samples received (all sensors)
    uint64_t lostSamples = 0;      // samples missing by first-sample index
    uint64_t boardOverrunSamples = 0;  // samples the board dropped because the link was slow
    uint64_t boardRxErrors = 0;    // frames the board dropped (from its Status)
    double framesPerSecond = 0;    // over the last counter period
    double bytesPerSecond = 0;
    // Every frame the host saw damaged or missed.
    uint64_t droppedFrames() const { return crcErrors + malformedFrames + lostFrames; }
};

// One SampleChunk, checked and placed in its sensor's stream.
struct SampleBatch {
    uint8_t sensorId = 0;
    std::string sensor;
    uint64_t firstIndex = 0;         // sample index since StartSampling
    uint64_t deviceTimestampUs = 0;  // board clock at the first sample
    int axisCount = 0;
    std::vector<int16_t> values;     // raw, interleaved; physical = raw * scale[axis]
    uint64_t missingBefore = 0;      // samples lost right before this batch (gap in indices)
    uint64_t boardOverrunSamples = 0;  // cumulative for this stream, as the board reports
    bool last = false;               // final chunk of a fixed-length recording
    std::chrono::steady_clock::time_point arrival;
    size_t sampleCount() const { return axisCount > 0 ? values.size() / static_cast<size_t>(axisCount) : 0; }
};

// Board clock vs host clock: positive ppm = the board clock runs fast.
struct DriftEstimate {
    bool valid = false;   // needs a few seconds of sampling
    double ppm = 0;
    double spanSeconds = 0;
    int points = 0;
};

}  // namespace mote::device
