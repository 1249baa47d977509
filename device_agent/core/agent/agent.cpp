#include "agent/agent.h"

#include <cstdio>

namespace mote::agent {

namespace w = mote::wire;
using protocol::Frame;
using protocol::kMaxEncodedFrame;

namespace {

// Room kept free in the TX queue for replies to commands, so a busy data
// stream can never starve the handshake or an Ack.
constexpr size_t kReplyReserve = 2 * kMaxEncodedFrame;
// Bytes read from the link per step: small, so that several commands in one
// read never need more reply room than the reserve.
constexpr size_t kReadStep = 32;
// ModelOutput data bytes per frame (protocol::kTensorChunkBytes on the host).
constexpr size_t kTensorChunk = 896;

// 0 for anything that is not a sane rate (NaN, negative, absurd): converting
// those to an integer would be undefined behaviour.
uint32_t toMilliHz(float hz) {
    if (!(hz > 0.0f) || hz > 1.0e6f)
        return 0;
    return static_cast<uint32_t>(hz * 1000.0f + 0.5f);
}

}  // namespace

Agent::Agent(Link& link, Clock& clock, const BoardInfo& board)
    : m_link(link),
      m_clock(clock),
      m_board(board),
      m_allocator(m_arena, sizeof m_arena),
      m_builder(sizeof m_arena, &m_allocator, false, 8) {}

bool Agent::addSensor(Sensor& sensor) {
    if (m_streamCount >= kMaxSensors || findStream(sensor.spec().id))
        return false;
    m_streams[m_streamCount++].sensor = &sensor;
    return true;
}

Agent::Stream* Agent::findStream(uint8_t sensorId) {
    for (size_t i = 0; i < m_streamCount; ++i)
        if (m_streams[i].sensor->spec().id == sensorId)
            return &m_streams[i];
    return nullptr;
}

bool Agent::sampling() const {
    for (size_t i = 0; i < m_streamCount; ++i)
        if (m_streams[i].active)
            return true;
    return false;
}

bool Agent::idle() const {
    if (!m_tx.empty() || m_output.active)
        return false;
    for (size_t i = 0; i < m_streamCount; ++i)
        if (m_streams[i].ring.queued() > 0)
            return false;
    return true;
}

uint64_t Agent::sampleTimeUs(const Stream& stream, uint32_t index) const {
    return stream.startUs + static_cast<uint64_t>(index) * 1000000000ull / stream.rateMilliHz;
}

uint64_t Agent::nextDueUs() const {
    uint64_t next = UINT64_MAX;
    for (size_t i = 0; i < m_streamCount; ++i) {
        const Stream& s = m_streams[i];
        if (s.active) {
            const uint64_t t = sampleTimeUs(s, s.produced);
            next = t < next ? t : next;
        }
    }
    return next;
}

void Agent::poll() {
    receive();
    sampleDue();
    sendModelOutputs();
    sendQueuedChunks();
    sendStatusIfDue();
    m_tx.drainTo(m_link);
}

// ---------------------------------------------------------------- receive

void Agent::receive() {
    uint8_t bytes[kReadStep];
    while (m_tx.freeSpace() >= kReplyReserve) {
        const size_t n = m_link.read(bytes, sizeof bytes);
        if (n == 0)
            break;
        for (size_t i = 0; i < n; ++i)
            if (m_decoder.push(bytes[i]))
                handleFrame(m_decoder.frame());
    }
}

void Agent::handleFrame(const Frame& frame) {
    ++m_stats.commands;
    const w::Message* message = frame.message();
    switch (frame.type) {
    case w::Body::Hello:
        handleHello(frame, *message->body_as_Hello());
        return;
    case w::Body::StartSampling:
        handleStart(frame, *message->body_as_StartSampling());
        return;
    case w::Body::StopSampling:
        handleStop(frame, message->body_as_StopSampling()->sensor());
        return;
    case w::Body::SetPattern:
        if (m_hooks && m_hooks->setPattern(message->body_as_SetPattern()->pattern()))
            sendAck(frame);
        else
            sendError(&frame, w::ErrorCode::NotSupported, "this board has no motion patterns");
        return;
    case w::Body::StartInference:
        handleStartInference(frame, *message->body_as_StartInference());
        return;
    case w::Body::StopInference:
        handleStopInference(frame);
        return;
    case w::Body::ModelInput:
        handleModelInput(frame, *message->body_as_ModelInput());
        return;
    case w::Body::RunModel:
        handleRunModel(frame);
        return;
    case w::Body::Ping: {
        m_builder.Clear();
        const auto body = w::CreatePong(m_builder, message->body_as_Ping()->token(), m_clock.nowUs());
        queueMessage(w::Body::Pong, body.Union());
        return;
    }
    default:
        sendError(&frame, w::ErrorCode::UnknownMessage, "the board does not accept this message");
        return;
    }
}

void Agent::handleHello(const Frame& frame, const w::Hello& hello) {
    if (hello.protocol_major() != protocol::kProtocolMajor) {
        char text[96];
        std::snprintf(text, sizeof text, "board speaks protocol %u.%u, host asked for major %u",
                      protocol::kProtocolMajor, protocol::kProtocolMinor, hello.protocol_major());
        sendError(&frame, w::ErrorCode::UnsupportedVersion, text);
        return;
    }
    // A Hello opens a new session: whatever the previous host started stops.
    if (m_inferenceStream && m_inference)
        m_inference->end();
    m_inferenceStream = nullptr;
    m_output.active = false;
    for (size_t i = 0; i < m_streamCount; ++i) {
        if (m_streams[i].active)
            stopStream(m_streams[i]);
        m_streams[i].ring.clear();
        m_streams[i].open = nullptr;
    }
    m_decoder.resetSequence();

    auto& b = m_builder;
    b.Clear();
    flatbuffers::Offset<w::SensorInfo> sensors[kMaxSensors];
    for (size_t i = 0; i < m_streamCount; ++i) {
        const SensorSpec& spec = m_streams[i].sensor->spec();
        flatbuffers::Offset<flatbuffers::String> axes[16];
        flatbuffers::Offset<flatbuffers::String> units[16];
        const size_t axisCount = spec.axisCount < 16 ? spec.axisCount : 16;
        for (size_t a = 0; a < axisCount; ++a) {
            axes[a] = b.CreateString(spec.axes[a]);
            units[a] = b.CreateString(spec.units[a]);
        }
        const auto name = b.CreateString(spec.name);
        const auto axisVector = b.CreateVector(axes, axisCount);
        const auto unitVector = b.CreateVector(units, axisCount);
        const auto scales = b.CreateVector(spec.scales, axisCount);
        const auto rates = b.CreateVector(spec.rates, spec.rateCount);
        sensors[i] = w::CreateSensorInfo(b, spec.id, name, axisVector, unitVector, spec.dataType,
                                         scales, rates,
                                         static_cast<uint16_t>(kChunkValues / spec.axisCount));
    }
    const auto sensorVector = b.CreateVector(sensors, m_streamCount);
    flatbuffers::Offset<w::ModelInfo> model = 0;
    if (const ModelSpec* spec = m_board.model) {
        flatbuffers::Offset<flatbuffers::String> labels[32];
        const size_t count = spec->labelCount < 32 ? spec->labelCount : 32;
        for (size_t i = 0; i < count; ++i)
            labels[i] = b.CreateString(spec->labels[i]);
        const auto labelVector = b.CreateVector(labels, count);
        const auto id = b.CreateString(spec->id);
        const auto hash = b.CreateString(spec->hash);
        model = w::CreateModelInfo(b, id, hash, labelVector);
    }
    const auto board = b.CreateString(m_board.name);
    const auto firmware = b.CreateString(m_board.firmwareVersion);
    const auto device = b.CreateString(m_board.deviceId);
    const auto caps = w::CreateCapabilities(b, protocol::kProtocolMajor, protocol::kProtocolMinor,
                                            board, firmware, device, sensorVector, model,
                                            m_board.ramBytes, m_board.flashBytes, m_board.clockHz);
    queueMessage(w::Body::Capabilities, caps.Union());
}

void Agent::handleStart(const Frame& frame, const w::StartSampling& start) {
    Stream* stream = findStream(start.sensor());
    if (!stream) {
        sendError(&frame, w::ErrorCode::UnknownSensor, "no sensor with this id");
        return;
    }
    const SensorSpec& spec = stream->sensor->spec();
    const uint32_t rate = toMilliHz(start.rate_hz());
    bool supported = false;
    for (size_t i = 0; i < spec.rateCount; ++i)
        supported = supported || toMilliHz(spec.rates[i]) == rate;
    if (!supported || rate == 0) {
        sendError(&frame, w::ErrorCode::UnsupportedRate, "rate not in the sensor's list");
        return;
    }
    if (stream->active) {
        sendError(&frame, w::ErrorCode::Busy, "sensor already sampling; send StopSampling first");
        return;
    }
    // Ack first, so the host sees it before the first chunk.
    if (!sendAck(frame))
        return;
    beginStream(*stream, rate, start.rate_hz(), start.length_samples());
}

void Agent::beginStream(Stream& stream, uint32_t rate, float rateHz, uint32_t length) {
    const SensorSpec& spec = stream.sensor->spec();
    stream.ring.clear();
    stream.open = nullptr;
    stream.active = true;
    stream.rateMilliHz = rate;
    stream.startUs = m_clock.nowUs();
    stream.produced = 0;
    stream.length = length;
    stream.overrun = 0;
    uint64_t perChunk = static_cast<uint64_t>(rate) * kChunkPeriodUs / 1000000000ull;
    const uint64_t maxPerChunk = kChunkValues / spec.axisCount;
    perChunk = perChunk < 1 ? 1 : (perChunk > maxPerChunk ? maxPerChunk : perChunk);
    stream.chunkSamples = static_cast<uint16_t>(perChunk);
    stream.sensor->begin(rateHz);
    m_lastStatusUs = stream.startUs;
}

void Agent::handleStop(const Frame& frame, uint8_t sensorId) {
    Stream* stream = findStream(sensorId);
    if (!stream) {
        sendError(&frame, w::ErrorCode::UnknownSensor, "no sensor with this id");
        return;
    }
    if (!stream->active) {
        sendError(&frame, w::ErrorCode::NotSampling, "sensor is not sampling");
        return;
    }
    if (stream == m_inferenceStream) {
        sendError(&frame, w::ErrorCode::Busy, "sensor runs live inference; send StopInference");
        return;
    }
    // Samples already due belong to the recording; take them first.
    sampleStream(*stream, m_clock.nowUs());
    if (stream->active)
        stopStream(*stream);
    sendAck(frame);
}

// ------------------------------------------------------ inference on board

void Agent::handleStartInference(const Frame& frame, const w::StartInference& start) {
    if (!m_inference) {
        sendError(&frame, w::ErrorCode::NotSupported,
                  "this firmware has no impulse (DSP + model); deploy a project model for live inference");
        return;
    }
    if (m_inferenceStream) {
        sendError(&frame, w::ErrorCode::Busy, "live inference already runs; send StopInference first");
        return;
    }
    Stream* stream = findStream(start.sensor());
    if (!stream) {
        sendError(&frame, w::ErrorCode::UnknownSensor, "no sensor with this id");
        return;
    }
    if (stream->active) {
        sendError(&frame, w::ErrorCode::Busy, "sensor already sampling; send StopSampling first");
        return;
    }
    const char* why = "the impulse does not use this sensor";
    const float rateHz = m_inference->begin(start.sensor(), start.stride_samples(), &why);
    const uint32_t rate = toMilliHz(rateHz);
    if (rate == 0) {
        m_inference->end();
        sendError(&frame, w::ErrorCode::BadRequest, why ? why : "live inference refused");
        return;
    }
    if (!sendAck(frame)) {
        m_inference->end();
        return;
    }
    m_inferenceStream = stream;
    beginStream(*stream, rate, rateHz, 0);
}

void Agent::handleStopInference(const Frame& frame) {
    if (!m_inferenceStream) {
        sendError(&frame, w::ErrorCode::NotSampling, "live inference is not running");
        return;
    }
    if (m_inferenceStream->active)
        stopStream(*m_inferenceStream);
    m_inferenceStream = nullptr;
    m_inference->end();
    sendAck(frame);
}

void Agent::handleModelInput(const Frame& frame, const w::ModelInput& input) {
    if (!m_model) {
        sendError(&frame, w::ErrorCode::NotSupported, "this firmware carries no model");
        return;
    }
    if (m_inferenceStream || m_output.active) {
        sendError(&frame, w::ErrorCode::Busy, "the model is busy (live inference or outputs still being sent)");
        return;
    }
    uint32_t size = 0;
    uint8_t* buffer = m_model->input(input.tensor(), &size);
    const auto* data = input.data();
    const uint32_t length = data ? data->size() : 0;
    char text[96];
    if (!buffer) {
        std::snprintf(text, sizeof text, "the model has %u input tensor(s), got tensor %u", m_model->inputCount(),
                      input.tensor());
        sendError(&frame, w::ErrorCode::BadRequest, text);
        return;
    }
    if (input.total() != size || input.offset() > size || length > size - input.offset()) {
        std::snprintf(text, sizeof text, "input %u has %lu bytes; got total %lu, chunk %lu+%lu", input.tensor(),
                      static_cast<unsigned long>(size), static_cast<unsigned long>(input.total()),
                      static_cast<unsigned long>(input.offset()), static_cast<unsigned long>(length));
        sendError(&frame, w::ErrorCode::BadRequest, text);
        return;
    }
    for (uint32_t i = 0; i < length; ++i)
        buffer[input.offset() + i] = data->Get(i);
    sendAck(frame);
}

void Agent::handleRunModel(const Frame& frame) {
    if (!m_model) {
        sendError(&frame, w::ErrorCode::NotSupported, "this firmware carries no model");
        return;
    }
    if (m_inferenceStream || m_output.active) {
        sendError(&frame, w::ErrorCode::Busy, "the model is busy (live inference or outputs still being sent)");
        return;
    }
    const uint64_t startUs = m_clock.nowUs();
    const uint64_t startCycles = m_clock.cycles();
    m_model->invoke();
    m_output.cycles = m_clock.cycles() - startCycles;
    m_output.timeUs = static_cast<uint32_t>(m_clock.nowUs() - startUs);
    m_output.active = true;
    m_output.tensor = 0;
    m_output.offset = 0;
    sendModelOutputs();
}

void Agent::sendModelOutputs() {
    while (m_output.active && m_tx.freeSpace() >= kReplyReserve + kMaxEncodedFrame) {
        uint32_t size = 0;
        const uint8_t* data = m_model->output(m_output.tensor, &size);
        const uint32_t left = data && m_output.offset < size ? size - m_output.offset : 0;
        const uint32_t n = left < kTensorChunk ? left : static_cast<uint32_t>(kTensorChunk);
        m_builder.Clear();
        const auto vector = m_builder.CreateVector(data ? data + m_output.offset : data, n);
        const auto body = w::CreateModelOutput(m_builder, m_output.tensor, m_output.offset, size, vector,
                                               m_output.cycles, m_output.timeUs, m_model->outputCount());
        if (!queueMessage(w::Body::ModelOutput, body.Union()))
            return;
        m_output.offset += n;
        if (m_output.offset >= size) {
            m_output.offset = 0;
            if (++m_output.tensor >= m_model->outputCount())
                m_output.active = false;
        }
    }
}

// --------------------------------------------------------------- sampling

void Agent::sampleDue() {
    for (size_t i = 0; i < m_streamCount; ++i)
        if (m_streams[i].active)
            sampleStream(m_streams[i], m_clock.nowUs());
}

void Agent::sampleStream(Stream& s, uint64_t now) {
    if (now < s.startUs)
        return;
    uint64_t due = (now - s.startUs) * s.rateMilliHz / 1000000000ull + 1;
    if (s.length && due > s.length)
        due = s.length;
    const uint8_t axes = s.sensor->spec().axisCount;
    int16_t scratch[16];
    while (s.produced < due) {
        const uint32_t index = s.produced;
        const uint64_t t = sampleTimeUs(s, index);
        if (!s.open) {
            s.open = s.ring.producerBlock(&s.openValues);
            if (s.open) {
                s.open->firstIndex = index;
                s.open->timestampUs = t;
                s.open->sampleCount = 0;
                s.open->last = false;
            }
        }
        if (s.open) {
            s.sensor->sample(index, t, s.openValues + s.open->sampleCount * axes);
            ++s.open->sampleCount;
        } else {
            // Ring full: the link is behind. The sensor still advances (its
            // signal is real time); the sample is dropped and counted, and
            // the next chunk's first index shows the gap.
            s.sensor->sample(index, t, scratch);
            ++s.overrun;
            ++m_stats.overrunSamples;
        }
        ++s.produced;
        const bool finished = s.length && s.produced >= s.length;
        if (s.open && (s.open->sampleCount >= s.chunkSamples || finished))
            closeBlock(s, finished);
        if (finished) {
            stopStream(s);
            return;
        }
    }
}

void Agent::closeBlock(Stream& s, bool last) {
    if (!s.open)
        return;
    s.open->last = last;
    s.ring.commit();
    s.open = nullptr;
}

void Agent::stopStream(Stream& s) {
    if (s.open && s.open->sampleCount > 0)
        closeBlock(s, true);
    s.open = nullptr;
    s.active = false;
    s.sensor->end();
}

// ---------------------------------------------------------------- sending

void Agent::sendQueuedChunks() {
    bool progress = true;
    while (progress && m_tx.freeSpace() >= kReplyReserve + kMaxEncodedFrame) {
        progress = false;
        for (size_t k = 0; k < m_streamCount; ++k) {
            Stream& s = m_streams[(m_nextStream + k) % m_streamCount];
            const int16_t* values = nullptr;
            const SampleBlock* block = s.ring.consumerBlock(&values);
            if (!block)
                continue;
            if (m_tx.freeSpace() < kReplyReserve + kMaxEncodedFrame)
                break;
            sendChunk(s, *block, values);
            s.ring.release();
            progress = true;
        }
        m_nextStream = (m_nextStream + 1) % (m_streamCount ? m_streamCount : 1);
    }
    if (!m_inference)
        return;
    InferenceOutput result;
    while (m_tx.freeSpace() >= kReplyReserve && m_inference->takeResult(result))
        sendInferenceResult(result);
}

bool Agent::sendChunk(const Stream& s, const SampleBlock& block, const int16_t* values) {
    const SensorSpec& spec = s.sensor->spec();
    const size_t valueCount = static_cast<size_t>(block.sampleCount) * spec.axisCount;
    if (m_inference)
        m_inference->onSamples(spec.id, values, block.sampleCount, spec.axisCount, block.firstIndex,
                               block.timestampUs);
    m_builder.Clear();
    const auto vector = m_builder.CreateVector(values, valueCount);
    const auto chunk = w::CreateSampleChunk(m_builder, spec.id, block.firstIndex, block.timestampUs,
                                            spec.axisCount, vector, s.overrun, block.last);
    return queueMessage(w::Body::SampleChunk, chunk.Union());
}

void Agent::sendStatusIfDue() {
    const uint64_t now = m_clock.nowUs();
    if (!sampling() || now - m_lastStatusUs < kStatusPeriodUs)
        return;
    if (m_tx.freeSpace() < kReplyReserve)
        return;
    m_lastStatusUs = now;
    m_builder.Clear();
    const auto status = w::CreateStatus(m_builder, now, m_stats.overrunSamples, m_stats.framesSent,
                                        m_decoder.counters().dropped(), true);
    queueMessage(w::Body::Status, status.Union());
}

bool Agent::log(w::LogLevel level, const char* text) {
    m_builder.Clear();
    const auto body = w::CreateLog(m_builder, level, m_clock.nowUs(), m_builder.CreateString(text));
    return queueMessage(w::Body::Log, body.Union());
}

bool Agent::sendInferenceResult(const InferenceOutput& result) {
    m_builder.Clear();
    const auto scores = m_builder.CreateVector(result.scores, result.scoreCount);
    const auto body = w::CreateInferenceResult(m_builder, result.timestampUs, scores, result.topIndex,
                                               result.dspUs, result.modelUs, result.dspCycles,
                                               result.modelCycles);
    return queueMessage(w::Body::InferenceResult, body.Union());
}

bool Agent::sendAck(const Frame& request) {
    m_builder.Clear();
    const auto body = w::CreateAck(m_builder, request.seq, static_cast<uint8_t>(request.type));
    return queueMessage(w::Body::Ack, body.Union());
}

bool Agent::sendError(const Frame* request, w::ErrorCode code, const char* text) {
    m_builder.Clear();
    const auto message = m_builder.CreateString(text);
    const auto body = w::CreateErrorReport(m_builder, code, message, request ? request->seq : 0,
                                           request ? static_cast<uint8_t>(request->type) : 0);
    return queueMessage(w::Body::ErrorReport, body.Union());
}

bool Agent::queueMessage(w::Body type, flatbuffers::Offset<void> body) {
    m_builder.Finish(w::CreateMessage(m_builder, type, body));
    const size_t size = m_encoder.encode(type, m_builder.GetBufferPointer(), m_builder.GetSize(),
                                         m_frame, sizeof m_frame);
    if (size == 0 || !m_tx.push(m_frame, size)) {
        ++m_stats.txDropped;
        return false;
    }
    ++m_stats.framesSent;
    return true;
}

}  // namespace mote::agent
