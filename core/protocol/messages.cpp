#include "protocol/messages.h"

#include <cstring>
#include <type_traits>

#include <flatbuffers/flatbuffers.h>

namespace mote::protocol {

namespace fb = flatbuffers;
namespace w = mote::wire;

namespace {

template <class... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

fb::Offset<fb::Vector<fb::Offset<fb::String>>> stringVector(fb::FlatBufferBuilder& fbb,
                                                            const std::vector<std::string>& items) {
    std::vector<fb::Offset<fb::String>> offsets;
    offsets.reserve(items.size());
    for (const auto& item : items)
        offsets.push_back(fbb.CreateString(item));
    return fbb.CreateVector(offsets);
}

std::vector<std::string> strings(const fb::Vector<fb::Offset<fb::String>>* items) {
    std::vector<std::string> out;
    if (!items)
        return out;
    out.reserve(items->size());
    for (const auto* item : *items)
        out.emplace_back(item ? item->str() : std::string());
    return out;
}

template <typename T>
std::vector<T> scalars(const fb::Vector<T>* items) {
    if (!items)
        return {};
    return std::vector<T>(items->begin(), items->end());
}

std::string str(const fb::String* s) { return s ? s->str() : std::string(); }

fb::Offset<void> buildBody(fb::FlatBufferBuilder& fbb, const AnyMessage& message) {
    return std::visit(
        Overloaded{
            [&](const HelloMessage& m) {
                return w::CreateHello(fbb, m.protocolMajor, m.protocolMinor,
                                      fbb.CreateString(m.hostName))
                    .Union();
            },
            [&](const CapabilitiesMessage& m) {
                std::vector<fb::Offset<w::SensorInfo>> sensors;
                for (const auto& s : m.sensors) {
                    auto name = fbb.CreateString(s.name);
                    auto axes = stringVector(fbb, s.axes);
                    auto units = stringVector(fbb, s.units);
                    auto scales = fbb.CreateVector(s.scales);
                    auto rates = fbb.CreateVector(s.ratesHz);
                    sensors.push_back(w::CreateSensorInfo(fbb, s.id, name, axes, units, s.dataType,
                                                          scales, rates, s.maxChunkSamples));
                }
                auto sensorVector = fbb.CreateVector(sensors);
                fb::Offset<w::ModelInfo> model = 0;
                if (m.model) {
                    auto id = fbb.CreateString(m.model->id);
                    auto hash = fbb.CreateString(m.model->hash);
                    auto labels = stringVector(fbb, m.model->labels);
                    model = w::CreateModelInfo(fbb, id, hash, labels);
                }
                auto board = fbb.CreateString(m.boardName);
                auto firmware = fbb.CreateString(m.firmwareVersion);
                auto device = fbb.CreateString(m.deviceId);
                return w::CreateCapabilities(fbb, m.protocolMajor, m.protocolMinor, board, firmware,
                                             device, sensorVector, model, m.ramBytes, m.flashBytes,
                                             m.clockHz)
                    .Union();
            },
            [&](const StartSamplingMessage& m) {
                return w::CreateStartSampling(fbb, m.sensor, m.rateHz, m.lengthSamples).Union();
            },
            [&](const StopSamplingMessage& m) {
                return w::CreateStopSampling(fbb, m.sensor).Union();
            },
            [&](const SampleChunkMessage& m) {
                auto values = fbb.CreateVector(m.values);
                return w::CreateSampleChunk(fbb, m.sensor, m.firstIndex, m.timestampUs, m.axisCount,
                                            values, m.overrunSamples, m.last)
                    .Union();
            },
            [&](const InferenceResultMessage& m) {
                auto scores = fbb.CreateVector(m.scores);
                return w::CreateInferenceResult(fbb, m.timestampUs, scores, m.topIndex, m.dspUs,
                                                m.modelUs, m.dspCycles, m.modelCycles)
                    .Union();
            },
            [&](const LogMessage& m) {
                return w::CreateLog(fbb, m.level, m.timestampUs, fbb.CreateString(m.text)).Union();
            },
            [&](const ErrorReportMessage& m) {
                return w::CreateErrorReport(fbb, m.code, fbb.CreateString(m.text), m.requestSeq,
                                            m.requestType)
                    .Union();
            },
            [&](const AckMessage& m) {
                return w::CreateAck(fbb, m.requestSeq, m.requestType).Union();
            },
            [&](const SetPatternMessage& m) {
                return w::CreateSetPattern(fbb, m.pattern).Union();
            },
            [&](const PingMessage& m) { return w::CreatePing(fbb, m.token).Union(); },
            [&](const PongMessage& m) {
                return w::CreatePong(fbb, m.token, m.timestampUs).Union();
            },
            [&](const StatusMessage& m) {
                return w::CreateStatus(fbb, m.timestampUs, m.overrunSamples, m.framesSent,
                                       m.rxErrors, m.sampling)
                    .Union();
            },
            [&](const StartInferenceMessage& m) {
                return w::CreateStartInference(fbb, m.sensor, m.strideSamples).Union();
            },
            [&](const StopInferenceMessage&) { return w::CreateStopInference(fbb).Union(); },
            [&](const ModelInputMessage& m) {
                auto data = fbb.CreateVector(m.data);
                return w::CreateModelInput(fbb, m.tensor, m.offset, m.total, data).Union();
            },
            [&](const RunModelMessage&) { return w::CreateRunModel(fbb).Union(); },
            [&](const ModelOutputMessage& m) {
                auto data = fbb.CreateVector(m.data);
                return w::CreateModelOutput(fbb, m.tensor, m.offset, m.total, data, m.cycles, m.timeUs,
                                           m.tensorCount)
                    .Union();
            },
        },
        message);
}

Error malformed(const char* type, const std::string& why) {
    return Error{std::string("malformed ") + type + " message from the device: " + why};
}

Result<AnyMessage> decodeCapabilities(const w::Capabilities& c) {
    CapabilitiesMessage m;
    m.protocolMajor = c.protocol_major();
    m.protocolMinor = c.protocol_minor();
    m.boardName = str(c.board_name());
    m.firmwareVersion = str(c.firmware_version());
    m.deviceId = str(c.device_id());
    m.ramBytes = c.ram_bytes();
    m.flashBytes = c.flash_bytes();
    m.clockHz = c.clock_hz();
    if (c.sensors()) {
        for (const auto* s : *c.sensors()) {
            if (!s)
                return malformed("Capabilities", "null sensor entry");
            SensorDescriptor d;
            d.id = s->id();
            d.name = str(s->name());
            d.axes = strings(s->axes());
            d.units = strings(s->units());
            d.dataType = s->data_type();
            d.scales = scalars(s->scales());
            d.ratesHz = scalars(s->rates_hz());
            d.maxChunkSamples = s->max_chunk_samples();
            if (d.name.empty())
                return malformed("Capabilities", "a sensor has no name");
            if (d.axes.empty())
                return malformed("Capabilities", "sensor '" + d.name + "' has no axes");
            if (!d.units.empty() && d.units.size() != d.axes.size())
                return malformed("Capabilities", "sensor '" + d.name + "' has " +
                                                     std::to_string(d.axes.size()) + " axes but " +
                                                     std::to_string(d.units.size()) + " units");
            if (d.scales.empty())
                d.scales.assign(d.axes.size(), 1.0f);
            if (d.scales.size() != d.axes.size())
                return malformed("Capabilities", "sensor '" + d.name + "' has " +
                                                     std::to_string(d.axes.size()) + " axes but " +
                                                     std::to_string(d.scales.size()) + " scales");
            m.sensors.push_back(std::move(d));
        }
    }
    if (const auto* model = c.model()) {
        m.model = ModelDescriptor{str(model->id()), str(model->hash()), strings(model->labels())};
    }
    return AnyMessage{std::move(m)};
}

}  // namespace

const SensorDescriptor* CapabilitiesMessage::findSensor(const std::string& name) const {
    for (const auto& sensor : sensors)
        if (sensor.name == name)
            return &sensor;
    return nullptr;
}

MessageType messageTypeOf(const AnyMessage& message) {
    // The variant's alternatives are declared in union order, starting at 1.
    return static_cast<MessageType>(message.index() + 1);
}

std::vector<uint8_t> buildPayload(const AnyMessage& message) {
    fb::FlatBufferBuilder fbb(256);
    const auto body = buildBody(fbb, message);
    fbb.Finish(w::CreateMessage(fbb, messageTypeOf(message), body));
    return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

Result<std::vector<uint8_t>> encodeMessage(FrameEncoder& encoder, const AnyMessage& message) {
    const std::vector<uint8_t> payload = buildPayload(message);
    if (payload.size() > kMaxPayload)
        return Error{std::string(messageTypeName(messageTypeOf(message))) + " payload is " +
                     std::to_string(payload.size()) + " bytes, more than the protocol's " +
                     std::to_string(kMaxPayload) + "-byte limit"};
    std::vector<uint8_t> frame(kMaxEncodedFrame);
    const size_t size = encoder.encode(messageTypeOf(message), payload.data(), payload.size(),
                                       frame.data(), frame.size());
    if (size == 0)
        return Error{"frame encoding failed (output buffer too small)"};
    frame.resize(size);
    return frame;
}

Result<AnyMessage> decodeMessage(const Frame& frame) {
    const w::Message* root = frame.message();
    if (!root || !root->body())
        return Error{"frame has no message body"};
    switch (frame.type) {
    case MessageType::Hello: {
        const auto* m = root->body_as_Hello();
        return AnyMessage{HelloMessage{m->protocol_major(), m->protocol_minor(), str(m->host_name())}};
    }
    case MessageType::Capabilities:
        return decodeCapabilities(*root->body_as_Capabilities());
    case MessageType::StartSampling: {
        const auto* m = root->body_as_StartSampling();
        return AnyMessage{StartSamplingMessage{m->sensor(), m->rate_hz(), m->length_samples()}};
    }
    case MessageType::StopSampling:
        return AnyMessage{StopSamplingMessage{root->body_as_StopSampling()->sensor()}};
    case MessageType::SampleChunk: {
        const auto* m = root->body_as_SampleChunk();
        SampleChunkMessage c;
        c.sensor = m->sensor();
        c.firstIndex = m->first_index();
        c.timestampUs = m->timestamp_us();
        c.axisCount = m->axis_count();
        c.values = scalars(m->values());
        c.overrunSamples = m->overrun_samples();
        c.last = m->last();
        if (c.axisCount == 0)
            return malformed("SampleChunk", "axis count is 0");
        if (c.values.size() % c.axisCount != 0)
            return malformed("SampleChunk", std::to_string(c.values.size()) +
                                                " values is not a whole number of " +
                                                std::to_string(c.axisCount) + "-axis samples");
        return AnyMessage{std::move(c)};
    }
    case MessageType::InferenceResult: {
        const auto* m = root->body_as_InferenceResult();
        InferenceResultMessage r{m->timestamp_us(), scalars(m->scores()), m->top_index(),
                                 m->dsp_us(),       m->model_us(),         m->dsp_cycles(),
                                 m->model_cycles()};
        if (!r.scores.empty() && r.topIndex >= r.scores.size())
            return malformed("InferenceResult", "top index past the score list");
        return AnyMessage{std::move(r)};
    }
    case MessageType::Log: {
        const auto* m = root->body_as_Log();
        return AnyMessage{LogMessage{m->level(), m->timestamp_us(), str(m->text())}};
    }
    case MessageType::ErrorReport: {
        const auto* m = root->body_as_ErrorReport();
        return AnyMessage{
            ErrorReportMessage{m->code(), str(m->text()), m->request_seq(), m->request_type()}};
    }
    case MessageType::Ack: {
        const auto* m = root->body_as_Ack();
        return AnyMessage{AckMessage{m->request_seq(), m->request_type()}};
    }
    case MessageType::SetPattern:
        return AnyMessage{SetPatternMessage{root->body_as_SetPattern()->pattern()}};
    case MessageType::Ping:
        return AnyMessage{PingMessage{root->body_as_Ping()->token()}};
    case MessageType::Pong: {
        const auto* m = root->body_as_Pong();
        return AnyMessage{PongMessage{m->token(), m->timestamp_us()}};
    }
    case MessageType::Status: {
        const auto* m = root->body_as_Status();
        return AnyMessage{StatusMessage{m->timestamp_us(), m->overrun_samples(), m->frames_sent(),
                                        m->rx_errors(), m->sampling()}};
    }
    case MessageType::StartInference: {
        const auto* m = root->body_as_StartInference();
        return AnyMessage{StartInferenceMessage{m->sensor(), m->stride_samples()}};
    }
    case MessageType::StopInference:
        return AnyMessage{StopInferenceMessage{}};
    case MessageType::ModelInput: {
        const auto* m = root->body_as_ModelInput();
        ModelInputMessage c{m->tensor(), m->offset(), m->total(), scalars(m->data())};
        if (static_cast<uint64_t>(c.offset) + c.data.size() > c.total)
            return malformed("ModelInput", "chunk ends past the tensor's total size");
        return AnyMessage{std::move(c)};
    }
    case MessageType::RunModel:
        return AnyMessage{RunModelMessage{}};
    case MessageType::ModelOutput: {
        const auto* m = root->body_as_ModelOutput();
        ModelOutputMessage c{m->tensor(), m->offset(), m->total(), scalars(m->data()), m->cycles(),
                             m->time_us(), m->tensor_count()};
        if (static_cast<uint64_t>(c.offset) + c.data.size() > c.total)
            return malformed("ModelOutput", "chunk ends past the tensor's total size");
        return AnyMessage{std::move(c)};
    }
    case MessageType::NONE:
        break;
    }
    return Error{"message type " + std::to_string(static_cast<int>(frame.type)) +
                 " is not known to this studio; update the studio"};
}

}  // namespace mote::protocol
