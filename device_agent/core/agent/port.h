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
    // Core clock cycles (for DSP/model timing), 0 when the port has no
    // cycle counter. QEMU: SysTick ticks at the 25 MHz core clock.
    virtual uint64_t cycles() { return 0; }

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

// The model the firmware carries (generated code, see
// device_agent/core/inference/generated_model.h). Used by RunModel
// (host-supplied inputs) and by the live InferenceEngine. Buffers point
// into the model's arena: an invoke may overwrite every input.
class ModelRunner {
public:
    virtual uint8_t inputCount() const = 0;
    virtual uint8_t outputCount() const = 0;
    // Tensor buffer and its size in bytes; nullptr for an index out of range.
    virtual uint8_t* input(uint8_t index, uint32_t* bytes) = 0;
    virtual const uint8_t* output(uint8_t index, uint32_t* bytes) = 0;
    // Runs the model once on the current inputs.
    virtual void invoke() = 0;

protected:
    ~ModelRunner() = default;
};

// One live-inference result (see InferenceEngine).
struct InferenceOutput {
    uint64_t timestampUs = 0;      // device time at the end of the window
    const float* scores = nullptr; // one per model label; owned by the engine
    uint8_t scoreCount = 0;
    uint8_t topIndex = 0;
    uint32_t dspUs = 0;
    uint32_t modelUs = 0;
    uint64_t dspCycles = 0;        // Clock::cycles() spent in the DSP / the model
    uint64_t modelCycles = 0;
};

// Live inference (implemented by firmware that carries an impulse: DSP +
// model). The agent starts it on StartInference, samples the sensor at the
// rate begin() returns, hands the engine every chunk of samples it sends,
// and forwards the results as InferenceResult frames.
class InferenceEngine {
public:
    // Live inference on `sensorId` with one result every `strideSamples`
    // samples (0 = the impulse's stride). Returns the sample rate the sensor
    // must run at, or 0 to refuse (then `*why` says why).
    virtual float begin(uint8_t sensorId, uint32_t strideSamples, const char** why) = 0;
    virtual void end() = 0;
    // Consecutive samples of one sensor (interleaved axes). Called on the
    // agent thread for every chunk sent, also of sensors the engine does not
    // use (ignore those); must return quickly (keep the window, run later).
    virtual void onSamples(uint8_t sensorId, const int16_t* values, uint16_t sampleCount,
                           uint8_t axisCount, uint32_t firstIndex, uint64_t timestampUs) = 0;
    // Runs a due window (DSP + model) if any; returns true and fills `out`
    // when a result is ready; `out.scores` must stay valid until the next call.
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
