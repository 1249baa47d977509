#pragma once
// DeviceSession: one connection to a Mote board (real or simulated) that
// speaks the wire protocol (core/protocol).
//
// Threads
// - The session owns a worker thread that opens the port, does the
//   handshake, reads and decodes frames and writes queued commands. Public
//   methods may be called from any thread.
// - EVERY CALLBACK RUNS ON THE WORKER THREAD. Keep them short; the GUI must
//   marshal them to its own thread (e.g. QMetaObject::invokeMethod). A
//   callback may call the command methods (they only queue) but must not
//   call stop(), reconnect() or the destructor (they join the worker).
//
// Timing: nothing blocks forever. Reads poll with a short timeout, writes
// have a timeout, the handshake retries Hello `handshakeAttempts` times with
// `handshakeTimeout` each, waits take a timeout, stop() joins promptly.
//
// Errors: opening, handshake and protocol-version problems end in state
// Failed, the board going away (EOF/EIO, the port path disappears, no data
// at all for `silenceTimeout` while sampling) in Disconnected; the state
// callback and lastError() carry a message saying what to do.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "device/drift_estimator.h"
#include "device/session_types.h"
#include "protocol/frame_decoder.h"
#include "protocol/messages.h"
#include "serial/transport.h"

namespace mote::device {

struct SessionOptions {
    serial::SerialSettings serial;
    std::chrono::milliseconds handshakeTimeout{300};
    int handshakeAttempts = 3;
    std::chrono::milliseconds writeTimeout{500};
    // How long the board gets to answer a command (waitReply(seq)), counted
    // from when the frame went out on the port. Generous because a busy
    // host (or a host simulator starved of CPU) has been seen to answer after
    // more than 2 s; a dead board is still reported within this time, with
    // whether it is silent or still sending.
    std::chrono::milliseconds commandTimeout{5000};
    // While a sensor samples, this long without a single byte = board gone.
    std::chrono::milliseconds silenceTimeout{3000};
    std::chrono::milliseconds counterPeriod{500};
    std::string hostName = "mote-studio";
};

struct SessionCallbacks {
    std::function<void(SessionState, const std::string& message)> onState;
    std::function<void(const protocol::CapabilitiesMessage&)> onCapabilities;
    std::function<void(const SampleBatch&)> onSamples;
    std::function<void(const protocol::InferenceResultMessage&)> onInference;
    std::function<void(const protocol::LogMessage&)> onLog;
    std::function<void(const protocol::ErrorReportMessage&)> onBoardError;
    std::function<void(const SessionCounters&)> onCounters;  // every counterPeriod
};

class DeviceSession {
public:
    DeviceSession(std::string port, SessionOptions options = {}, SessionCallbacks callbacks = {});
    ~DeviceSession();  // stop()
    DeviceSession(const DeviceSession&) = delete;
    DeviceSession& operator=(const DeviceSession&) = delete;

    // Starts the worker (open + handshake). Returns at once; watch the state
    // callback or call waitConnected(). Fails if already running.
    Status start();
    // Blocks the caller until the handshake is done (capabilities) or failed,
    // at most `timeout`.
    Result<protocol::CapabilitiesMessage> waitConnected(std::chrono::milliseconds timeout);
    // Asks running sensors to stop (best effort), closes the port, joins.
    void stop();
    // stop() + start() on the same port (after an unplug, or to re-handshake).
    Status reconnect();

    SessionState state() const;
    std::string lastError() const;
    std::optional<protocol::CapabilitiesMessage> capabilities() const;
    SessionCounters counters() const;
    DriftEstimate drift() const;
    const std::string& port() const { return m_port; }

    // Commands (queued, written by the worker). They check the request
    // against the capabilities and return the frame's sequence number, which
    // waitReply() takes. rateHz 0 = the sensor's highest listed rate.
    Result<uint16_t> startSampling(const std::string& sensor, float rateHz, uint32_t lengthSamples);
    Result<uint16_t> stopSampling(const std::string& sensor);
    Result<uint16_t> setPattern(protocol::MotionPattern pattern);
    Result<uint16_t> ping(uint32_t token);
    // Waits for the board's Ack (ok) or ErrorReport (error with its text) to
    // the command with sequence `seq`; errors on timeout, disconnect, or when
    // the frame could not be written to the port. `timeout` is the board's
    // time: it counts from when the worker wrote the frame (a command still
    // queued behind a slow worker is not charged for that wait).
    // 0 = look once, do not wait.
    Status waitReply(uint16_t seq, std::chrono::milliseconds timeout);
    // The same with SessionOptions::commandTimeout.
    Status waitReply(uint16_t seq) { return waitReply(seq, m_options.commandTimeout); }

    // ---- protocol 1.1: inference on the board ----
    // Live inference on `sensor` (a name from the capabilities): the board
    // samples it at its impulse's rate, sends SampleChunks as usual and one
    // InferenceResult (onInference) every `strideSamples` samples (0 = the
    // impulse's stride). Fails at once when the board reports no model;
    // the board answers NotSupported (waitReply) when it has no impulse.
    Result<uint16_t> startInference(const std::string& sensor, uint32_t strideSamples);
    Result<uint16_t> stopInference();

    // Runs the board's model once on `inputs` (raw bytes of each input
    // tensor, in model order): sends them as acked ModelInput chunks, then
    // RunModel, and collects every output tensor from ModelOutput chunks.
    // Blocks the caller (never the worker) for at most `timeout` in total;
    // one run at a time per session (concurrent callers are serialized).
    // Errors: not connected, the board's ErrorReport text (wrong input
    // size, no model, busy with live inference), timeout, disconnect.
    struct ModelRunStats {
        uint64_t cycles = 0;   // board clock cycles of the invocation
        uint32_t timeUs = 0;   // board time of the invocation
    };
    Result<std::vector<std::vector<uint8_t>>> runModelOnBoard(const std::vector<std::vector<uint8_t>>& inputs,
                                                               std::chrono::milliseconds timeout,
                                                               ModelRunStats* stats = nullptr);

private:
    struct Outgoing {
        std::vector<uint8_t> frame;
        uint16_t seq = 0;
    };
    struct StreamState {
        uint64_t expectedIndex = 0;
        bool active = false;
    };
    void run();
    Status handshake(serial::Transport& transport);
    void readLoop(serial::Transport& transport);
    void handleFrame(const protocol::Frame& frame);
    void handleChunk(protocol::SampleChunkMessage& chunk);
    void setState(SessionState state, const std::string& message);
    Result<uint16_t> queue(const protocol::AnyMessage& message);
    bool flushOutgoing(serial::Transport& transport);
    void publishCounters(std::chrono::steady_clock::time_point now);
    const protocol::SensorDescriptor* sensorById(uint8_t id) const;
    // The named sensor of the connected board, or why not; caller holds m_mutex.
    Result<const protocol::SensorDescriptor*> sensorLocked(const std::string& name) const;

    const std::string m_port;
    const SessionOptions m_options;
    const SessionCallbacks m_callbacks;

    std::thread m_worker;
    std::atomic<bool> m_stopRequested{false};

    mutable std::mutex m_mutex;  // guards everything below
    std::condition_variable m_changed;
    SessionState m_state = SessionState::Idle;
    std::string m_lastError;
    std::optional<protocol::CapabilitiesMessage> m_caps;
    SessionCounters m_counters;
    DriftEstimator m_drift;
    protocol::FrameEncoder m_encoder;
    std::deque<Outgoing> m_outgoing;
    struct Reply {
        uint16_t seq;
        bool ok;
        std::string text;
        bool fromHost = false;  // a failure on this side (the frame could not be written)
    };
    std::deque<Reply> m_replies;  // recent Acks / ErrorReports / write failures (bounded)
    void addReplyLocked(Reply reply);  // caller holds m_mutex; wakes waitReply()
    struct Sent {
        uint16_t seq;
        std::chrono::steady_clock::time_point at;
    };
    std::deque<Sent> m_sent;  // when recent commands went out on the port (bounded)
    std::chrono::steady_clock::time_point m_lastRx;  // last byte from the board
    std::vector<StreamState> m_streams;  // by sensor id (up to 256)
    bool m_inferenceActive = false;
    // ModelOutput chunks of the run in progress (runModelOnBoard).
    std::vector<protocol::ModelOutputMessage> m_modelOutputs;
    std::mutex m_runMutex;  // serializes runModelOnBoard callers (taken before m_mutex)

    // Worker-only state.
    protocol::FrameDecoder m_decoder;
    std::chrono::steady_clock::time_point m_start;
    uint64_t m_lastBytes = 0, m_lastFrames = 0;
    std::chrono::steady_clock::time_point m_lastCounterTime;
};

}  // namespace mote::device
