#pragma once
// Host-side (studio) view of the protocol messages as plain C++ values, with
// builders to a flatbuffer payload / complete frame and a parser from a
// verified Frame. Not portable (std::string, std::vector); the firmware
// builds its payloads with the generated flatbuffers API directly.
//
// Thread-safety: free functions, no shared state; a FrameEncoder passed in
// must not be used concurrently.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/result.h"
#include "protocol/error_codes.h"
#include "protocol/frame.h"
#include "protocol/frame_encoder.h"
#include "protocol/motion_patterns.h"

namespace mote::protocol {

using DataType = mote::wire::DataType;
using MotionPattern = mote::wire::MotionPattern;
using LogLevel = mote::wire::LogLevel;

struct SensorDescriptor {
    uint8_t id = 0;
    std::string name;
    std::vector<std::string> axes;
    std::vector<std::string> units;  // one per axis
    DataType dataType = DataType::Int16;
    std::vector<float> scales;       // one per axis, physical = raw * scale
    std::vector<float> ratesHz;
    uint16_t maxChunkSamples = 0;
};

struct ModelDescriptor {
    std::string id;
    std::string hash;
    std::vector<std::string> labels;
};

struct HelloMessage {
    uint8_t protocolMajor = kProtocolMajor;
    uint8_t protocolMinor = kProtocolMinor;
    std::string hostName;
};

struct CapabilitiesMessage {
    uint8_t protocolMajor = kProtocolMajor;
    uint8_t protocolMinor = kProtocolMinor;
    std::string boardName;
    std::string firmwareVersion;
    std::string deviceId;
    std::vector<SensorDescriptor> sensors;
    std::optional<ModelDescriptor> model;
    uint32_t ramBytes = 0;
    uint32_t flashBytes = 0;
    uint32_t clockHz = 0;

    // The sensor with this name, or nullptr.
    const SensorDescriptor* findSensor(const std::string& name) const;
};

struct StartSamplingMessage {
    uint8_t sensor = 0;
    float rateHz = 0;
    uint32_t lengthSamples = 0;  // 0 = continuous
};

struct StopSamplingMessage {
    uint8_t sensor = 0;
};

struct SampleChunkMessage {
    uint8_t sensor = 0;
    uint32_t firstIndex = 0;
    uint64_t timestampUs = 0;
    uint8_t axisCount = 0;
    std::vector<int16_t> values;  // interleaved, values.size() % axisCount == 0
    uint32_t overrunSamples = 0;
    bool last = false;

    size_t sampleCount() const { return axisCount ? values.size() / axisCount : 0; }
};

struct InferenceResultMessage {
    uint64_t timestampUs = 0;
    std::vector<float> scores;
    uint8_t topIndex = 0;
    uint32_t dspUs = 0;
    uint32_t modelUs = 0;
    uint64_t dspCycles = 0;    // protocol 1.1; 0 from a 1.0 board
    uint64_t modelCycles = 0;
};

struct LogMessage {
    LogLevel level = LogLevel::Info;
    uint64_t timestampUs = 0;
    std::string text;
};

struct ErrorReportMessage {
    ErrorCode code = ErrorCode::None;
    std::string text;
    uint16_t requestSeq = 0;
    uint8_t requestType = 0;
};

struct AckMessage {
    uint16_t requestSeq = 0;
    uint8_t requestType = 0;
};

struct SetPatternMessage {
    MotionPattern pattern = MotionPattern::Idle;
};

struct PingMessage {
    uint32_t token = 0;
};

struct PongMessage {
    uint32_t token = 0;
    uint64_t timestampUs = 0;
};

struct StatusMessage {
    uint64_t timestampUs = 0;
    uint32_t overrunSamples = 0;
    uint32_t framesSent = 0;
    uint32_t rxErrors = 0;
    bool sampling = false;
};

// ---- protocol 1.1 ----

struct StartInferenceMessage {
    uint8_t sensor = 0;
    uint32_t strideSamples = 0;  // 0 = the impulse's default stride
};

struct StopInferenceMessage {};

// One chunk of an input tensor (host -> board).
struct ModelInputMessage {
    uint8_t tensor = 0;
    uint32_t offset = 0;
    uint32_t total = 0;
    std::vector<uint8_t> data;
};

struct RunModelMessage {};

// One chunk of an output tensor (board -> host).
struct ModelOutputMessage {
    uint8_t tensor = 0;
    uint32_t offset = 0;
    uint32_t total = 0;
    std::vector<uint8_t> data;
    uint64_t cycles = 0;   // model invocation, board clock cycles
    uint32_t timeUs = 0;
    uint8_t tensorCount = 1;  // output tensors of the model (all are sent, in order)
};

// Largest ModelInput/ModelOutput data per frame (keeps the payload under kMaxPayload).
constexpr size_t kTensorChunkBytes = 896;

// Alternatives in Body union order (the variant index + 1 is the message type).
using AnyMessage =
    std::variant<HelloMessage, CapabilitiesMessage, StartSamplingMessage, StopSamplingMessage,
                 SampleChunkMessage, InferenceResultMessage, LogMessage, ErrorReportMessage,
                 AckMessage, SetPatternMessage, PingMessage, PongMessage, StatusMessage,
                 StartInferenceMessage, StopInferenceMessage, ModelInputMessage, RunModelMessage,
                 ModelOutputMessage>;

// The frame header type of a message value.
MessageType messageTypeOf(const AnyMessage& message);

// Flatbuffer payload (root mote.wire.Message) for a message.
std::vector<uint8_t> buildPayload(const AnyMessage& message);

// Complete wire frame (delimiter included) using the encoder's next
// sequence number. Fails when the payload exceeds kMaxPayload.
Result<std::vector<uint8_t>> encodeMessage(FrameEncoder& encoder, const AnyMessage& message);

// Converts a verified frame (from FrameDecoder) to a value. Fails on a type
// this host does not know, or on content that is well-formed flatbuffers
// but inconsistent (values not a whole number of samples, axis/unit count
// mismatch, ...); the message names the problem.
Result<AnyMessage> decodeMessage(const Frame& frame);


}  // namespace mote::protocol
