#include "device/device_session.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <variant>

namespace mote::device {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr size_t kReadBuffer = 64 * 1024;
constexpr size_t kMaxReplies = 64;
constexpr auto kReadSlice = 20ms;

int64_t hostMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

std::string sensorList(const protocol::CapabilitiesMessage& caps) {
    std::string s;
    for (const auto& sensor : caps.sensors)
        s += (s.empty() ? "" : ", ") + sensor.name;
    return s.empty() ? "none" : s;
}

std::string formatRate(float hz) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(hz));
    return buf;
}

}  // namespace

const char* sessionStateName(SessionState state) {
    switch (state) {
    case SessionState::Idle: return "idle";
    case SessionState::Connecting: return "connecting";
    case SessionState::Connected: return "connected";
    case SessionState::Disconnected: return "disconnected";
    case SessionState::Failed: return "failed";
    case SessionState::Stopped: return "stopped";
    }
    return "?";
}

DeviceSession::DeviceSession(std::string port, SessionOptions options, SessionCallbacks callbacks)
    : m_port(std::move(port)), m_options(std::move(options)), m_callbacks(std::move(callbacks)),
      m_streams(256) {}

DeviceSession::~DeviceSession() { stop(); }

Status DeviceSession::start() {
    if (m_worker.joinable())
        return makeError("session on " + m_port + " is already running");
    {
        std::lock_guard lock(m_mutex);
        m_state = SessionState::Idle;
        m_lastError.clear();
        m_caps.reset();
        m_counters = {};
        m_drift.reset();
        m_outgoing.clear();
        m_replies.clear();
        m_sent.clear();
        m_lastRx = Clock::now();
        std::fill(m_streams.begin(), m_streams.end(), StreamState{});
    }
    m_stopRequested = false;
    m_worker = std::thread([this] { run(); });
    return {};
}

void DeviceSession::stop() {
    m_stopRequested = true;
    if (m_worker.joinable())
        m_worker.join();
}

Status DeviceSession::reconnect() {
    stop();
    return start();
}

SessionState DeviceSession::state() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

std::string DeviceSession::lastError() const {
    std::lock_guard lock(m_mutex);
    return m_lastError;
}

std::optional<protocol::CapabilitiesMessage> DeviceSession::capabilities() const {
    std::lock_guard lock(m_mutex);
    return m_caps;
}

SessionCounters DeviceSession::counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

DriftEstimate DeviceSession::drift() const {
    std::lock_guard lock(m_mutex);
    return m_drift.estimate();
}

Result<protocol::CapabilitiesMessage> DeviceSession::waitConnected(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    const bool done = m_changed.wait_for(lock, timeout, [this] {
        return m_state == SessionState::Connected || m_state == SessionState::Failed ||
               m_state == SessionState::Disconnected || m_state == SessionState::Stopped;
    });
    if (m_state == SessionState::Connected && m_caps)
        return *m_caps;
    if (!done)
        return makeError("timed out after " + std::to_string(timeout.count()) + " ms waiting for the handshake on " + m_port);
    return makeError(m_lastError.empty() ? "session on " + m_port + " ended" : m_lastError);
}

void DeviceSession::setState(SessionState state, const std::string& message) {
    {
        std::lock_guard lock(m_mutex);
        m_state = state;
        if (state == SessionState::Failed || state == SessionState::Disconnected)
            m_lastError = message;
    }
    m_changed.notify_all();
    if (m_callbacks.onState)
        m_callbacks.onState(state, message);
}

const protocol::SensorDescriptor* DeviceSession::sensorById(uint8_t id) const {
    if (!m_caps)
        return nullptr;
    for (const auto& s : m_caps->sensors)
        if (s.id == id)
            return &s;
    return nullptr;
}

// ---- commands ---------------------------------------------------------------

Result<uint16_t> DeviceSession::queue(const protocol::AnyMessage& message) {
    std::lock_guard lock(m_mutex);
    if (m_state != SessionState::Connected)
        return makeError("not connected to " + m_port + " (state " + sessionStateName(m_state) + ")" +
                         (m_lastError.empty() ? "" : ": " + m_lastError));
    const uint16_t seq = m_encoder.nextSequence();
    auto frame = protocol::encodeMessage(m_encoder, message);
    if (!frame)
        return frame.error();
    m_outgoing.push_back({std::move(*frame), seq});
    return seq;
}

Result<const protocol::SensorDescriptor*> DeviceSession::sensorLocked(const std::string& name) const {
    if (!m_caps)
        return makeError("not connected to " + m_port);
    const auto* sensor = m_caps->findSensor(name);
    if (!sensor)
        return makeError("board has no sensor '" + name + "' (it has: " + sensorList(*m_caps) + ")");
    return sensor;
}

Result<uint16_t> DeviceSession::startSampling(const std::string& sensorName, float rateHz, uint32_t lengthSamples) {
    protocol::StartSamplingMessage msg;
    {
        std::lock_guard lock(m_mutex);
        auto found = sensorLocked(sensorName);
        if (!found)
            return found.error();
        const auto* sensor = *found;
        if (rateHz <= 0) {
            if (sensor->ratesHz.empty())
                return makeError("sensor '" + sensorName + "' lists no sample rate; give one with --rate");
            rateHz = *std::max_element(sensor->ratesHz.begin(), sensor->ratesHz.end());
        } else if (!sensor->ratesHz.empty() &&
                   std::none_of(sensor->ratesHz.begin(), sensor->ratesHz.end(),
                                [rateHz](float r) { return std::fabs(r - rateHz) < 1e-3f * r; })) {
            std::string rates;
            for (float r : sensor->ratesHz)
                rates += (rates.empty() ? "" : ", ") + formatRate(r);
            return makeError("sensor '" + sensorName + "' cannot sample at " + formatRate(rateHz) +
                             " Hz (supported: " + rates + " Hz)");
        }
        msg.sensor = sensor->id;
        msg.rateHz = rateHz;
        msg.lengthSamples = lengthSamples;
        m_streams[sensor->id] = StreamState{0, true};
        m_drift.reset();
    }
    return queue(msg);
}

Result<uint16_t> DeviceSession::stopSampling(const std::string& sensorName) {
    protocol::StopSamplingMessage msg;
    {
        std::lock_guard lock(m_mutex);
        auto sensor = sensorLocked(sensorName);
        if (!sensor)
            return sensor.error();
        msg.sensor = (*sensor)->id;
        m_streams[msg.sensor].active = false;
    }
    return queue(msg);
}

Result<uint16_t> DeviceSession::setPattern(protocol::MotionPattern pattern) {
    return queue(protocol::SetPatternMessage{pattern});
}

Result<uint16_t> DeviceSession::ping(uint32_t token) { return queue(protocol::PingMessage{token}); }

Status DeviceSession::waitReply(uint16_t seq, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    const auto called = Clock::now();
    while (true) {
        for (const auto& r : m_replies)
            if (r.seq == seq)
                return r.ok         ? Status{}
                       : r.fromHost ? makeError(r.text)
                                    : makeError("board refused the command: " + r.text);
        if (m_state != SessionState::Connected)
            return makeError(m_lastError.empty() ? "session on " + m_port + " ended" : m_lastError);
        // The board's time starts when the frame is on the wire.
        auto start = called;
        for (const auto& sent : m_sent)
            if (sent.seq == seq)
                start = std::max(start, sent.at);
        const auto deadline = start + timeout;
        const auto now = Clock::now();
        if (now >= deadline) {
            const auto quietMs = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_lastRx).count();
            const std::string board =
                quietMs >= 1000 ? "nothing received from it for " + std::to_string(quietMs) +
                                      " ms: is it still running? restart it and reconnect"
                                : "it is still sending: it may be overloaded, try again";
            return makeError("board on " + m_port + " did not answer command #" + std::to_string(seq) + " within " +
                             std::to_string(timeout.count()) + " ms (" + board + ")");
        }
        // Woken by a reply, a state change, or the frame being written.
        m_changed.wait_until(lock, deadline);
    }
}

void DeviceSession::addReplyLocked(Reply reply) {
    m_replies.push_back(std::move(reply));
    if (m_replies.size() > kMaxReplies)
        m_replies.pop_front();
    m_changed.notify_all();
}

// ---- inference on the board (protocol 1.1) ------------------------------------

Result<uint16_t> DeviceSession::startInference(const std::string& sensorName, uint32_t strideSamples) {
    protocol::StartInferenceMessage msg;
    {
        std::lock_guard lock(m_mutex);
        if (m_caps && !m_caps->model)
            return makeError("the board on " + m_port + " carries no model; deploy one first (mote deploy)");
        auto sensor = sensorLocked(sensorName);
        if (!sensor)
            return sensor.error();
        msg.sensor = (*sensor)->id;
        msg.strideSamples = strideSamples;
        m_streams[msg.sensor] = StreamState{0, true};
        m_inferenceActive = true;
        m_drift.reset();
    }
    return queue(msg);
}

Result<uint16_t> DeviceSession::stopInference() {
    {
        std::lock_guard lock(m_mutex);
        m_inferenceActive = false;
        for (auto& stream : m_streams)
            stream.active = false;
    }
    return queue(protocol::StopInferenceMessage{});
}

Result<std::vector<std::vector<uint8_t>>> DeviceSession::runModelOnBoard(
    const std::vector<std::vector<uint8_t>>& inputs, std::chrono::milliseconds timeout, ModelRunStats* stats) {
    std::lock_guard run(m_runMutex);
    const auto deadline = Clock::now() + timeout;
    auto left = [&] {
        return std::max<std::chrono::milliseconds>(
            std::chrono::milliseconds(1),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    };
    {
        std::lock_guard lock(m_mutex);
        if (!m_caps)
            return makeError("not connected to " + m_port);
        if (!m_caps->model)
            return makeError("the board on " + m_port + " carries no model; deploy one first");
        if (inputs.size() > 255)
            return makeError("too many input tensors");
        m_modelOutputs.clear();
    }
    // Inputs chunk by chunk, each acked: the board's receive path is slow
    // (QEMU: ~15 KB/s) and small, so stop-and-wait keeps it from overflowing.
    for (size_t t = 0; t < inputs.size(); ++t) {
        const auto& tensor = inputs[t];
        size_t offset = 0;
        do {
            const size_t n = std::min(protocol::kTensorChunkBytes, tensor.size() - offset);
            protocol::ModelInputMessage chunk;
            chunk.tensor = static_cast<uint8_t>(t);
            chunk.offset = static_cast<uint32_t>(offset);
            chunk.total = static_cast<uint32_t>(tensor.size());
            chunk.data.assign(tensor.begin() + static_cast<ptrdiff_t>(offset),
                              tensor.begin() + static_cast<ptrdiff_t>(offset + n));
            auto seq = queue(chunk);
            if (!seq)
                return seq.error();
            if (auto ok = waitReply(*seq, left()); !ok)
                return makeError("sending input " + std::to_string(t) + " (bytes " + std::to_string(offset) + ".." +
                                 std::to_string(offset + n) + " of " + std::to_string(tensor.size()) +
                                 "): " + ok.message());
            offset += n;
        } while (offset < tensor.size());
    }
    auto seq = queue(protocol::RunModelMessage{});
    if (!seq)
        return seq.error();

    std::unique_lock lock(m_mutex);
    std::vector<std::vector<uint8_t>> outputs;
    std::vector<size_t> received;
    std::string failure;
    auto complete = [&] {
        for (const auto& r : m_replies)
            if (r.seq == *seq && !r.ok) {
                failure = "the board could not run the model: " + r.text;
                return true;
            }
        if (m_state != SessionState::Connected) {
            failure = m_lastError.empty() ? "session on " + m_port + " ended" : m_lastError;
            return true;
        }
        if (m_modelOutputs.empty())
            return false;
        const size_t count = m_modelOutputs.front().tensorCount;
        outputs.assign(count, {});
        received.assign(count, 0);
        std::vector<bool> seen(count, false);
        for (const auto& chunk : m_modelOutputs) {
            if (chunk.tensor >= count)
                continue;
            auto& out = outputs[chunk.tensor];
            out.resize(chunk.total);
            std::copy(chunk.data.begin(), chunk.data.end(), out.begin() + chunk.offset);
            received[chunk.tensor] += chunk.data.size();
            seen[chunk.tensor] = true;
        }
        for (size_t i = 0; i < count; ++i)
            if (!seen[i] || received[i] < outputs[i].size())
                return false;
        return true;
    };
    if (!m_changed.wait_until(lock, deadline, complete))
        return makeError("the board did not return the model outputs within " + std::to_string(timeout.count()) +
                         " ms (" + std::to_string(m_modelOutputs.size()) + " output chunks received)");
    if (!failure.empty())
        return makeError(failure);
    if (stats) {
        stats->cycles = m_modelOutputs.front().cycles;
        stats->timeUs = m_modelOutputs.front().timeUs;
    }
    m_modelOutputs.clear();
    return outputs;
}

// ---- worker -------------------------------------------------------------------

void DeviceSession::run() {
    m_start = Clock::now();
    m_lastCounterTime = m_start;
    m_lastBytes = 0;
    m_lastFrames = 0;
    m_decoder.reset();
    setState(SessionState::Connecting, "opening " + m_port);
    auto transport = serial::openTransport(m_port, m_options.serial);
    if (!transport) {
        setState(SessionState::Failed, transport.message());
        return;
    }
    auto& t = **transport;
    if (auto hs = handshake(t); !hs) {
        if (m_stopRequested)
            setState(SessionState::Stopped, "stopped during the handshake");
        else
            setState(t.disconnected() ? SessionState::Disconnected : SessionState::Failed, hs.message());
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_state = SessionState::Connected;
    }
    m_changed.notify_all();
    if (m_callbacks.onState)
        m_callbacks.onState(SessionState::Connected, "connected to " + m_caps->boardName + " on " + m_port);
    if (m_callbacks.onCapabilities)
        m_callbacks.onCapabilities(*m_caps);
    readLoop(t);
}

Status DeviceSession::handshake(serial::Transport& transport) {
    std::vector<uint8_t> buf(kReadBuffer);
    protocol::HelloMessage hello;
    hello.hostName = m_options.hostName;
    const int attempts = std::max(1, m_options.handshakeAttempts);
    for (int attempt = 0; attempt < attempts && !m_stopRequested; ++attempt) {
        std::vector<uint8_t> frame;
        {
            std::lock_guard lock(m_mutex);
            auto encoded = protocol::encodeMessage(m_encoder, hello);
            if (!encoded)
                return encoded.error();
            frame = std::move(*encoded);
        }
        if (auto w = transport.write(frame.data(), frame.size(), m_options.writeTimeout); !w)
            return w;
        const auto deadline = Clock::now() + m_options.handshakeTimeout;
        while (Clock::now() < deadline && !m_stopRequested) {
            auto n = transport.read(buf.data(), buf.size(), kReadSlice);
            if (!n)
                return n.error();
            std::optional<protocol::CapabilitiesMessage> caps;
            std::optional<uint8_t> badMajor;
            m_decoder.push(buf.data(), *n, [&](const protocol::Frame& f) {
                if (f.type != protocol::MessageType::Capabilities || caps)
                    return;  // e.g. chunks still coming from an earlier session
                auto msg = protocol::decodeMessage(f);
                if (msg && std::holds_alternative<protocol::CapabilitiesMessage>(*msg))
                    caps = std::get<protocol::CapabilitiesMessage>(std::move(*msg));
            });
            {
                std::lock_guard lock(m_mutex);
                m_counters.bytes = m_decoder.counters().bytes;
            }
            if (caps) {
                if (caps->protocolMajor != protocol::kProtocolMajor)
                    return makeError("board on " + m_port + " speaks protocol v" + std::to_string(caps->protocolMajor) +
                                     ", this studio speaks v" + std::to_string(protocol::kProtocolMajor) +
                                     ": update the firmware or the studio");
                std::lock_guard lock(m_mutex);
                m_caps = std::move(*caps);
                return {};
            }
        }
    }
    const auto& c = m_decoder.counters();
    if (c.versionErrors > 0)
        return makeError("board on " + m_port + " speaks protocol v" + std::to_string(m_decoder.lastForeignMajor()) +
                         ", this studio speaks v" + std::to_string(protocol::kProtocolMajor) +
                         ": update the firmware or the studio");
    if (c.bytes > 0)
        return makeError("no valid handshake from " + m_port + " (" + std::to_string(c.bytes) + " bytes, " +
                         std::to_string(c.framesOk) + " valid frames, " + std::to_string(c.dropped()) +
                         " damaged): if the board prints text lines, record it with --forwarder");
    return makeError("no answer from " + m_port + " after " + std::to_string(attempts) + " Hello attempts (" +
                     std::to_string(m_options.handshakeTimeout.count()) +
                     " ms each): is a Mote board connected and running?");
}

bool DeviceSession::flushOutgoing(serial::Transport& transport) {
    while (true) {
        Outgoing out;
        {
            std::lock_guard lock(m_mutex);
            if (m_outgoing.empty())
                return true;
            out = std::move(m_outgoing.front());
            m_outgoing.pop_front();
        }
        auto w = transport.write(out.frame.data(), out.frame.size(), m_options.writeTimeout);
        if (!w && transport.disconnected()) {
            setState(SessionState::Disconnected, w.message());
            return false;
        }
        std::lock_guard lock(m_mutex);
        if (!w) {
            // The board may be busy; later commands may pass. This one never
            // reached it: say so now rather than let waitReply() time out.
            m_lastError = w.message();
            addReplyLocked({out.seq, false, "command #" + std::to_string(out.seq) + " could not be written to " +
                                                m_port + ": " + w.message(),
                            true});
            continue;
        }
        m_sent.push_back({out.seq, Clock::now()});
        if (m_sent.size() > kMaxReplies)
            m_sent.pop_front();
        m_changed.notify_all();
    }
}

void DeviceSession::readLoop(serial::Transport& transport) {
    std::vector<uint8_t> buf(kReadBuffer);
    auto lastData = Clock::now();
    auto lastPathCheck = lastData;
    while (!m_stopRequested) {
        if (!flushOutgoing(transport))
            return;
        auto n = transport.read(buf.data(), buf.size(), kReadSlice);
        if (!n) {
            setState(transport.disconnected() ? SessionState::Disconnected : SessionState::Failed,
                     n.message() + "; check the cable or restart the board, then reconnect");
            return;
        }
        const auto now = Clock::now();
        if (*n > 0) {
            lastData = now;
            m_decoder.push(buf.data(), *n, [this](const protocol::Frame& f) { handleFrame(f); });
            const auto& dc = m_decoder.counters();
            std::lock_guard lock(m_mutex);
            m_lastRx = now;
            m_counters.bytes = dc.bytes;
            m_counters.frames = dc.framesOk;
            m_counters.crcErrors = dc.crcErrors;
            m_counters.malformedFrames = dc.cobsErrors + dc.oversize + dc.truncated + dc.verifyErrors + dc.versionErrors;
            m_counters.lostFrames = dc.lostFrames;
            m_counters.outOfOrder = dc.outOfOrder;
        }
        if (now - lastPathCheck >= 250ms) {
            lastPathCheck = now;
            std::error_code ec;
            if (!std::filesystem::exists(m_port, ec)) {
                setState(SessionState::Disconnected, "board disconnected: " + m_port + " disappeared");
                return;
            }
        }
        bool sampling = false;
        {
            std::lock_guard lock(m_mutex);
            sampling = std::any_of(m_streams.begin(), m_streams.end(), [](const StreamState& s) { return s.active; });
        }
        if (sampling && now - lastData > m_options.silenceTimeout) {
            setState(SessionState::Disconnected,
                     "board on " + m_port + " went silent for " + std::to_string(m_options.silenceTimeout.count()) +
                         " ms while sampling (hung or died?); restart it and reconnect");
            return;
        }
        if (now - m_lastCounterTime >= m_options.counterPeriod)
            publishCounters(now);
    }
    // Asked to stop: leave the board idle for the next host, then close.
    std::vector<uint8_t> stops;
    {
        std::lock_guard lock(m_mutex);
        if (m_inferenceActive) {
            m_inferenceActive = false;
            auto f = protocol::encodeMessage(m_encoder, protocol::StopInferenceMessage{});
            if (f)
                stops.insert(stops.end(), f->begin(), f->end());
        }
        for (size_t id = 0; id < m_streams.size(); ++id)
            if (m_streams[id].active) {
                m_streams[id].active = false;
                auto f = protocol::encodeMessage(m_encoder, protocol::StopSamplingMessage{static_cast<uint8_t>(id)});
                if (f)
                    stops.insert(stops.end(), f->begin(), f->end());
            }
    }
    if (!stops.empty())
        (void)transport.write(stops.data(), stops.size(), 200ms);
    transport.close();
    setState(SessionState::Stopped, "stopped");
}

void DeviceSession::publishCounters(Clock::time_point now) {
    SessionCounters snapshot;
    {
        std::lock_guard lock(m_mutex);
        const double dt = std::chrono::duration<double>(now - m_lastCounterTime).count();
        if (dt > 0) {
            m_counters.framesPerSecond = static_cast<double>(m_counters.frames - m_lastFrames) / dt;
            m_counters.bytesPerSecond = static_cast<double>(m_counters.bytes - m_lastBytes) / dt;
        }
        m_lastFrames = m_counters.frames;
        m_lastBytes = m_counters.bytes;
        m_lastCounterTime = now;
        snapshot = m_counters;
    }
    if (m_callbacks.onCounters)
        m_callbacks.onCounters(snapshot);
}

void DeviceSession::handleFrame(const protocol::Frame& frame) {
    auto decoded = protocol::decodeMessage(frame);
    if (!decoded) {
        std::lock_guard lock(m_mutex);
        ++m_counters.badMessages;
        return;
    }
    auto& msg = *decoded;
    if (auto* chunk = std::get_if<protocol::SampleChunkMessage>(&msg)) {
        handleChunk(*chunk);
    } else if (auto* caps = std::get_if<protocol::CapabilitiesMessage>(&msg)) {
        {
            std::lock_guard lock(m_mutex);
            m_caps = *caps;
        }
        if (m_callbacks.onCapabilities)
            m_callbacks.onCapabilities(*caps);
    } else if (auto* ack = std::get_if<protocol::AckMessage>(&msg)) {
        {
            std::lock_guard lock(m_mutex);
            addReplyLocked({ack->requestSeq, true, {}});
        }
    } else if (auto* err = std::get_if<protocol::ErrorReportMessage>(&msg)) {
        {
            std::lock_guard lock(m_mutex);
            std::string text = err->text.empty() ? protocol::errorCodeText(err->code) : err->text;
            addReplyLocked({err->requestSeq, false, text});
        }
        if (m_callbacks.onBoardError)
            m_callbacks.onBoardError(*err);
    } else if (auto* output = std::get_if<protocol::ModelOutputMessage>(&msg)) {
        {
            std::lock_guard lock(m_mutex);
            if (m_modelOutputs.size() < 4096)  // bounded: a confused board cannot eat memory
                m_modelOutputs.push_back(std::move(*output));
        }
        m_changed.notify_all();
    } else if (auto* inf = std::get_if<protocol::InferenceResultMessage>(&msg)) {
        if (m_callbacks.onInference)
            m_callbacks.onInference(*inf);
    } else if (auto* log = std::get_if<protocol::LogMessage>(&msg)) {
        if (m_callbacks.onLog)
            m_callbacks.onLog(*log);
    } else if (auto* status = std::get_if<protocol::StatusMessage>(&msg)) {
        std::lock_guard lock(m_mutex);
        m_counters.boardRxErrors = status->rxErrors;
        m_counters.boardOverrunSamples = std::max<uint64_t>(m_counters.boardOverrunSamples, status->overrunSamples);
    }
    // Pong and host-bound copies of host messages need no action.
}

void DeviceSession::handleChunk(protocol::SampleChunkMessage& chunk) {
    SampleBatch batch;
    {
        std::lock_guard lock(m_mutex);
        const auto* sensor = sensorById(chunk.sensor);
        if (!sensor || chunk.axisCount != sensor->axes.size()) {
            ++m_counters.badMessages;
            return;
        }
        auto& stream = m_streams[chunk.sensor];
        const uint64_t count = chunk.sampleCount();
        if (chunk.firstIndex > stream.expectedIndex) {
            batch.missingBefore = chunk.firstIndex - stream.expectedIndex;
            m_counters.lostSamples += batch.missingBefore;
        } else if (chunk.firstIndex < stream.expectedIndex) {
            // Index went back: a new recording started (or the board rebooted).
            batch.missingBefore = 0;
        }
        stream.expectedIndex = chunk.firstIndex + count;
        if (chunk.last)
            stream.active = false;
        m_counters.samples += count;
        m_counters.boardOverrunSamples = std::max<uint64_t>(m_counters.boardOverrunSamples, chunk.overrunSamples);
        batch.sensorId = chunk.sensor;
        batch.sensor = sensor->name;
        // Drift: device time of the chunk's first sample vs when it arrived
        // (the chunk's own duration is a constant part of the latency).
        m_drift.add(chunk.timestampUs, hostMicros());
    }
    batch.firstIndex = chunk.firstIndex;
    batch.deviceTimestampUs = chunk.timestampUs;
    batch.axisCount = chunk.axisCount;
    batch.values = std::move(chunk.values);
    batch.boardOverrunSamples = chunk.overrunSamples;
    batch.last = chunk.last;
    batch.arrival = Clock::now();
    if (m_callbacks.onSamples)
        m_callbacks.onSamples(batch);
}

}  // namespace mote::device
