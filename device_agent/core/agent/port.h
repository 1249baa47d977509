#pragma once
// The port boundary of the device agent: everything board-specific the
// agent core calls. A port (Linux pty simulator, QEMU Cortex-M4, a real
// board) implements these small interfaces and owns the objects; the agent
// only keeps pointers. All calls happen on the thread that runs
// Agent::poll() unless stated otherwise. No heap, no exceptions.
#include <cstddef>
#include <cstdint>

#include "mote_protocol_generated.h"

namespace mote::agent {

// Byte link to the host (UART, USB CDC, pty). Both calls are non-blocking.
class Link {
public:
    // Accepts up to `size` bytes; returns how many were taken (0 when the
    // link is momentarily full: the agent keeps them and retries).
    virtual size_t write(const uint8_t* data, size_t size) = 0;
    // Copies up to `capacity` received bytes; returns 0 when none are waiting.
    virtual size_t read(uint8_t* data, size_t capacity) = 0;

protected:
    ~Link() = default;
};

// Monotonic microsecond clock of the device.
class Clock {
public:
    virtual uint64_t nowUs() = 0;

protected:
    ~Clock() = default;
};

// Static description of a sensor; all pointers refer to constant data that
// outlives the agent.
struct SensorSpec {
    uint8_t id;
    const char* name;
    uint8_t axisCount;
    const char* const* axes;   // axisCount names
    const char* const* units;  // axisCount units
    const float* scales;       // axisCount: physical = raw * scale
    const float* rates;        // supported rates in Hz
    uint8_t rateCount;
    mote::wire::DataType dataType;
};

// A sensor the agent samples on its schedule.
class Sensor {
public:
    virtual const SensorSpec& spec() const = 0;
    // Sampling starts at `rateHz` (one of spec().rates).
    virtual void begin(float rateHz) { (void)rateHz; }
    // Produces sample number `index` (0 at begin) taken at device time
    // `timestampUs`: writes spec().axisCount raw values.
    virtual void sample(uint32_t index, uint64_t timestampUs, int16_t* values) = 0;
    virtual void end() {}

protected:
    ~Sensor() = default;
};

// Hook for on-device inference (implemented by firmware that carries a
// model). The agent hands it every chunk of samples it sends and forwards
// whatever results it produces as InferenceResult frames.
struct InferenceOutput {
    uint64_t timestampUs = 0;      // device time at the end of the window
    const float* scores = nullptr; // one per model label; owned by the engine
    uint8_t scoreCount = 0;
    uint8_t topIndex = 0;
    uint32_t dspUs = 0;
    uint32_t modelUs = 0;
};

class InferenceEngine {
public:
    // Consecutive samples of one sensor (interleaved axes). Called on the
    // agent thread; must return quickly (queue the window, run it later).
    virtual void onSamples(uint8_t sensorId, const int16_t* values, uint16_t sampleCount,
                           uint8_t axisCount, uint32_t firstIndex, uint64_t timestampUs) = 0;
    // Returns true and fills `out` when a result is ready; `out.scores`
    // must stay valid until the next call.
    virtual bool takeResult(InferenceOutput& out) = 0;

protected:
    ~InferenceEngine() = default;
};

// Board-specific commands (the simulated board's motion pattern).
class CommandHooks {
public:
    // Returns false when the pattern is not supported.
    virtual bool setPattern(mote::wire::MotionPattern pattern) = 0;

protected:
    ~CommandHooks() = default;
};

// Model description reported in Capabilities (all constant data).
struct ModelSpec {
    const char* id;
    const char* hash;
    const char* const* labels;
    uint8_t labelCount;
};

struct BoardInfo {
    const char* name = "Mote board";
    const char* firmwareVersion = "0.0.0";
    const char* deviceId = "";
    uint32_t ramBytes = 0;
    uint32_t flashBytes = 0;
    uint32_t clockHz = 0;
    const ModelSpec* model = nullptr;  // null when no model is loaded
};

}  // namespace mote::agent
