#pragma once
// The device agent: speaks the Mote wire protocol over a Link, answers the
// handshake, samples sensors on schedule into a ring of blocks, sends them
// as SampleChunk frames as fast as the link accepts, and reports (never
// hides) samples it had to drop when the link could not keep up.
//
// Portable C++17: no heap, no exceptions, no RTTI; all storage is inside
// the Agent object (38 KiB on a Cortex-M4 with the defaults below, 16 KiB
// with MOTE_AGENT_RING_BLOCKS=4), which the port
// creates once (static or on the stack of main). Not thread-safe: call
// every method from the one loop that calls poll().
#include <cstddef>
#include <cstdint>

#include <flatbuffers/flatbuffers.h>

#include "agent/arena_allocator.h"
#include "agent/chunk_ring.h"
#include "agent/port.h"
#include "agent/tx_queue.h"
#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"

#ifndef MOTE_AGENT_MAX_SENSORS
#define MOTE_AGENT_MAX_SENSORS 2
#endif
#ifndef MOTE_AGENT_RING_BLOCKS
#define MOTE_AGENT_RING_BLOCKS 16
#endif

namespace mote::agent {

constexpr size_t kMaxSensors = MOTE_AGENT_MAX_SENSORS;
constexpr size_t kRingBlocks = MOTE_AGENT_RING_BLOCKS;
// Values per SampleChunk: keeps the payload under protocol::kMaxPayload.
constexpr size_t kChunkValues = 450;
// Target duration of one chunk; shorter chunks mean lower latency, more frames.
constexpr uint32_t kChunkPeriodUs = 50000;
constexpr uint64_t kStatusPeriodUs = 1000000;

struct AgentStats {
    uint32_t framesSent = 0;      // frames queued to the link
    uint32_t overrunSamples = 0;  // samples dropped because the ring was full (all sensors)
    uint32_t txDropped = 0;       // replies that found no room in the TX queue
    uint32_t commands = 0;        // host commands handled
};

class Agent {
public:
    // `link`, `clock`, `board` (and what it points to) must outlive the agent.
    Agent(Link& link, Clock& clock, const BoardInfo& board);
    Agent(const Agent&) = delete;
    Agent& operator=(const Agent&) = delete;

    // Start-up only. The sensor must outlive the agent; false when all
    // kMaxSensors slots are used or the id is taken.
    bool addSensor(Sensor& sensor);
    void setInferenceEngine(InferenceEngine* engine) { m_inference = engine; }
    // The model for RunModel (host-supplied inputs); null = RunModel and
    // ModelInput answer NotSupported.
    void setModelRunner(ModelRunner* model) { m_model = model; }
    void setCommandHooks(CommandHooks* hooks) { m_hooks = hooks; }

    // One pass of the loop: read commands, take due samples, send frames.
    void poll();

    // True while any sensor samples.
    bool sampling() const;
    // True while live inference runs (StartInference .. StopInference).
    bool inferring() const { return m_inferenceStream != nullptr; }
    // Device time of the next due sample (UINT64_MAX when not sampling):
    // lets the port sleep until then.
    uint64_t nextDueUs() const;
    // Bytes waiting for the link.
    size_t pendingTxBytes() const { return m_tx.size(); }
    // True when nothing is queued (no blocks, no bytes): the port may sleep.
    bool idle() const;

    // Sends a Log line (false when the TX queue is full).
    bool log(mote::wire::LogLevel level, const char* text);
    // Sends an InferenceResult directly (firmware without an engine object).
    bool sendInferenceResult(const InferenceOutput& result);

    const AgentStats& stats() const { return m_stats; }
    const protocol::DecoderCounters& rxCounters() const { return m_decoder.counters(); }

private:
    struct Stream {
        Sensor* sensor = nullptr;
        bool active = false;
        uint32_t rateMilliHz = 0;
        uint64_t startUs = 0;
        uint32_t produced = 0;     // samples taken (sent or dropped)
        uint32_t length = 0;       // 0 = continuous
        uint16_t chunkSamples = 1;
        uint32_t overrun = 0;      // dropped samples since StartSampling
        SampleBlock* open = nullptr;  // block being filled
        int16_t* openValues = nullptr;
        ChunkRing<kRingBlocks, kChunkValues> ring;
    };

    void receive();
    void handleFrame(const protocol::Frame& frame);
    void handleHello(const protocol::Frame& frame, const mote::wire::Hello& hello);
    void handleStart(const protocol::Frame& frame, const mote::wire::StartSampling& start);
    void handleStop(const protocol::Frame& frame, uint8_t sensorId);
    void handleStartInference(const protocol::Frame& frame, const mote::wire::StartInference& start);
    void handleStopInference(const protocol::Frame& frame);
    void handleModelInput(const protocol::Frame& frame, const mote::wire::ModelInput& input);
    void handleRunModel(const protocol::Frame& frame);
    void sendModelOutputs();
    void beginStream(Stream& stream, uint32_t rateMilliHz, float rateHz, uint32_t length);
    void sampleDue();
    void sampleStream(Stream& stream, uint64_t now);
    void closeBlock(Stream& stream, bool last);
    void stopStream(Stream& stream);
    void sendQueuedChunks();
    void sendStatusIfDue();
    bool sendChunk(const Stream& stream, const SampleBlock& block, const int16_t* values);

    Stream* findStream(uint8_t sensorId);
    uint64_t sampleTimeUs(const Stream& stream, uint32_t index) const;

    bool sendAck(const protocol::Frame& request);
    bool sendError(const protocol::Frame* request, mote::wire::ErrorCode code, const char* text);
    // Finishes the builder's Message and queues the frame.
    bool queueMessage(mote::wire::Body type, flatbuffers::Offset<void> body);

    Link& m_link;
    Clock& m_clock;
    const BoardInfo& m_board;
    InferenceEngine* m_inference = nullptr;
    ModelRunner* m_model = nullptr;
    CommandHooks* m_hooks = nullptr;
    Stream* m_inferenceStream = nullptr;  // sensor stream live inference runs on

    // Outputs of the last RunModel still to send (ModelOutput chunks).
    struct PendingOutput {
        bool active = false;
        uint8_t tensor = 0;
        uint32_t offset = 0;
        uint64_t cycles = 0;
        uint32_t timeUs = 0;
    } m_output;

    Stream m_streams[kMaxSensors];
    size_t m_streamCount = 0;
    size_t m_nextStream = 0;  // round-robin start for fair sending

    protocol::FrameDecoder m_decoder;
    protocol::FrameEncoder m_encoder;
    TxQueue<4096> m_tx;
    alignas(8) uint8_t m_arena[2048];
    ArenaAllocator m_allocator;
    flatbuffers::FlatBufferBuilder m_builder;
    uint8_t m_frame[protocol::kMaxEncodedFrame];

    uint64_t m_lastStatusUs = 0;
    AgentStats m_stats;
};

}  // namespace mote::agent
