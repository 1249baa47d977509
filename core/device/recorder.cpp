#include "device/recorder.h"
#include "device/record_checks.h"

#include <chrono>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

namespace mote::device {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// After data stopped coming for this long, a recording whose final chunk
// was lost is closed as lossy instead of waiting for the hard deadline.
constexpr auto kTailSilence = 1500ms;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One sample being assembled from batches, by index.
struct Assembly {
    uint64_t base = 0;       // stream index of frame 0
    int64_t frames = 0;
    int axes = 0;
    std::vector<int16_t> raw;
    int64_t received = 0;
    uint64_t overrunAtStart = 0;
    uint64_t overrunNow = 0;
    SessionCounters countersAtStart;

    void begin(uint64_t b, int64_t n, int a, const SessionCounters& c, uint64_t overrun) {
        base = b;
        frames = n;
        axes = a;
        raw.assign(static_cast<size_t>(n) * static_cast<size_t>(a), 0);
        received = 0;
        countersAtStart = c;
        overrunAtStart = overrun;
        overrunNow = overrun;
    }
    // Places sample j of the batch if it belongs here.
    bool place(const SampleBatch& b, size_t j) {
        const uint64_t g = b.firstIndex + j;
        if (g < base || g >= base + static_cast<uint64_t>(frames))
            return false;
        const size_t at = static_cast<size_t>(g - base) * static_cast<size_t>(axes);
        std::copy_n(b.values.begin() + static_cast<long>(j * static_cast<size_t>(axes)), axes, raw.begin() + static_cast<long>(at));
        ++received;
        return true;
    }
};

struct SensorConfig {
    std::string name;
    std::vector<std::string> axes;
    std::vector<std::string> units;
    std::vector<float> scales;
    float rateHz = 0;
};

}  // namespace

Recorder::Recorder(DeviceSession& session, SampleQueue& queue, dataset::SampleStore& store)
    : m_session(session), m_queue(queue), m_store(store) {}

Result<RecordResult> Recorder::record(const RecordRequest& request,
                                      const std::function<void(const RecordProgress&)>& progress,
                                      const std::atomic<bool>* cancel) {
    auto caps = m_session.capabilities();
    if (!caps || m_session.state() != SessionState::Connected)
        return makeError("not connected to a board on " + m_session.port() +
                         (m_session.lastError().empty() ? "" : ": " + m_session.lastError()));
    auto basics = checkRecordBasics(request.label, request.count, request.lengthSeconds, request.split);
    if (!basics)
        return basics.error();
    const std::optional<dataset::Split> fixedSplit = *basics;
    const auto* sensor = caps->findSensor(request.sensor);
    if (!sensor) {
        std::string names;
        for (const auto& s : caps->sensors)
            names += (names.empty() ? "" : ", ") + s.name;
        return makeError("board has no sensor '" + request.sensor + "' (it has: " + names + ")");
    }
    SensorConfig cfg{sensor->name, sensor->axes, sensor->units, sensor->scales, request.rateHz};
    if (cfg.rateHz <= 0) {
        for (float r : sensor->ratesHz)
            cfg.rateHz = std::max(cfg.rateHz, r);
        if (cfg.rateHz <= 0)
            return makeError("sensor '" + cfg.name + "' lists no sample rate; give one with --rate");
    }
    if (cfg.units.size() != cfg.axes.size())
        cfg.units.resize(cfg.axes.size());
    if (cfg.scales.size() != cfg.axes.size())
        cfg.scales.assign(cfg.axes.size(), 1.0f);
    const int axes = static_cast<int>(cfg.axes.size());
    const auto frames = static_cast<int64_t>(std::llround(cfg.rateHz * request.lengthSeconds));
    if (frames < 1)
        return makeError("length is shorter than one sample at " + std::to_string(cfg.rateHz) + " Hz");
    const bool unitScales = std::all_of(cfg.scales.begin(), cfg.scales.end(), [](float s) { return s == 1.0f; });

    // Device and recording session rows (before the batch opens).
    const std::string identity = caps->deviceId.empty() ? "port:" + m_session.port() : caps->deviceId;
    auto deviceRow = m_store.ensureDevice(identity, caps->boardName, caps->firmwareVersion);
    if (!deviceRow)
        return deviceRow.error();
    nlohmann::json settings = {{"port", m_session.port()},
                               {"board", caps->boardName},
                               {"firmware", caps->firmwareVersion},
                               {"sensor", cfg.name},
                               {"rateHz", cfg.rateHz},
                               {"lengthSeconds", request.lengthSeconds},
                               {"count", request.count},
                               {"continuous", request.continuous},
                               {"axes", cfg.axes},
                               {"units", cfg.units},
                               {"scales", cfg.scales},
                               {"note", request.note}};
    auto sessionRow = m_store.startSession(*deviceRow, cfg.name, cfg.rateHz, settings.dump());
    if (!sessionRow)
        return sessionRow.error();

    RecordResult result;
    result.sessionId = *sessionRow;
    {
        dataset::BatchWriter writer(m_store);

        // Turns a finished assembly into a stored sample.
        auto store = [&](Assembly& a, const SessionCounters& now) -> bool {
            dataset::Sample s;
            s.label = request.label;
            s.sensor = cfg.name;
            s.axisNames = cfg.axes;
            s.units = cfg.units;
            s.sampleRateHz = cfg.rateHz;
            s.captureTimeMs = nowMs();
            s.device = identity;
            s.sessionId = result.sessionId;
            if (unitScales) {
                s.dataType = dataset::DataType::Int16;
                s.setInt16Data(a.raw);
            } else {
                s.dataType = dataset::DataType::Float32;
                std::vector<float> physical(a.raw.size());
                for (size_t i = 0; i < a.raw.size(); ++i)
                    physical[i] = static_cast<float>(a.raw[i]) * cfg.scales[i % static_cast<size_t>(axes)];
                s.setFloatData(physical);
            }
            RecordedSample info;
            info.frames = a.frames;
            info.lostSamples = static_cast<uint64_t>(a.frames - a.received);
            info.lostFrames = now.lostFrames - a.countersAtStart.lostFrames;
            info.crcErrors = now.crcErrors - a.countersAtStart.crcErrors;
            info.boardOverrunSamples = a.overrunNow >= a.overrunAtStart ? a.overrunNow - a.overrunAtStart : a.overrunNow;
            const uint64_t malformed = now.malformedFrames - a.countersAtStart.malformedFrames;
            // Lossy = sample values are missing (zero-filled) or the board
            // dropped some; damaged frames that carried no samples of ours
            // (garbage, a Status) are only counted.
            info.lossy = info.lostSamples > 0 || info.boardOverrunSamples > 0;
            s.lostFrames = static_cast<int64_t>(info.lostFrames);
            s.crcErrors = static_cast<int64_t>(info.crcErrors);
            s.metadataJson = nlohmann::json{{"lossy", info.lossy},
                                            {"lostSamples", info.lostSamples},
                                            {"malformedFrames", malformed},
                                            {"boardOverrunSamples", info.boardOverrunSamples},
                                            {"scales", cfg.scales},
                                            {"board", caps->boardName},
                                            {"firmware", caps->firmwareVersion},
                                            {"port", m_session.port()},
                                            {"note", request.note}}
                                 .dump();
            s.split = fixedSplit ? *fixedSplit : dataset::resolveAutoSplit(s);
            auto id = writer.add(s);
            if (!id) {
                result.error = "could not store the sample: " + id.message();
                return false;
            }
            info.id = *id;
            info.split = dataset::splitName(s.split);
            result.samples.push_back(info);
            if (progress)
                progress({static_cast<int>(result.samples.size()), request.count, info.id, info.lossy});
            return true;
        };

        auto startStream = [&](uint32_t length) -> bool {
            m_queue.clear();
            auto seq = m_session.startSampling(cfg.name, cfg.rateHz, length);
            if (!seq) {
                result.error = seq.message();
                return false;
            }
            if (auto reply = m_session.waitReply(*seq); !reply) {  // the session's command deadline
                result.error = reply.message();
                return false;
            }
            return true;
        };

        // Waits for the next batch of our sensor; sets result.error when the
        // recording cannot go on (disconnect, cancel, board silent).
        auto lastData = Clock::now();
        auto nextBatch = [&](Clock::time_point hardDeadline, bool haveData) -> std::optional<SampleBatch> {
            while (true) {
                if (cancel && *cancel) {
                    result.error = "cancelled";
                    return std::nullopt;
                }
                auto b = m_queue.pop(50ms);
                if (b && b->sensor == cfg.name) {
                    lastData = Clock::now();
                    return b;
                }
                if (b)
                    continue;
                if (m_session.state() != SessionState::Connected) {
                    result.error = m_session.lastError().empty() ? "the session ended" : m_session.lastError();
                    return std::nullopt;
                }
                const auto now = Clock::now();
                if (haveData && now - lastData > kTailSilence)
                    return std::nullopt;  // tail lost; the caller closes the sample as lossy
                if (now > hardDeadline) {
                    result.error = "board on " + m_session.port() + " stopped sending " + cfg.name + " samples";
                    return std::nullopt;
                }
            }
        };

        const auto maxWait = std::chrono::milliseconds(static_cast<int64_t>(request.lengthSeconds * 1500.0)) + 5s;
        if (!request.continuous) {
            for (int k = 0; k < request.count && result.error.empty(); ++k) {
                if (!startStream(static_cast<uint32_t>(frames)))
                    break;
                Assembly a;
                a.begin(0, frames, axes, m_session.counters(), 0);
                const auto deadline = Clock::now() + maxWait;
                lastData = Clock::now();
                bool complete = false;
                while (!complete) {
                    auto b = nextBatch(deadline, a.received > 0);
                    if (!b)
                        break;
                    for (size_t j = 0; j < b->sampleCount(); ++j)
                        a.place(*b, j);
                    a.overrunNow = b->boardOverrunSamples;
                    complete = b->last || b->firstIndex + b->sampleCount() >= static_cast<uint64_t>(frames);
                }
                if (!result.error.empty()) {
                    if (result.error != "cancelled" || m_session.state() == SessionState::Connected)
                        (void)m_session.stopSampling(cfg.name);
                    break;  // the sample in progress is not stored
                }
                if (!store(a, m_session.counters()))
                    break;
            }
        } else if (startStream(0)) {
            Assembly a;
            a.begin(0, frames, axes, m_session.counters(), 0);
            int k = 0;
            uint64_t overrun = 0;
            const auto perSample = std::chrono::milliseconds(static_cast<int64_t>(request.lengthSeconds * 1000.0));
            auto deadline = Clock::now() + maxWait;
            lastData = Clock::now();
            while (k < request.count) {
                auto b = nextBatch(deadline, false);
                if (!b)
                    break;
                overrun = b->boardOverrunSamples;
                for (size_t j = 0; j < b->sampleCount() && k < request.count; ++j) {
                    const uint64_t g = b->firstIndex + j;
                    // Past this sample's end: close it (and any sample lost whole).
                    while (k < request.count && g >= a.base + static_cast<uint64_t>(frames)) {
                        a.overrunNow = overrun;
                        if (a.received > 0 && !store(a, m_session.counters()))
                            k = request.count;
                        ++k;
                        a.begin(a.base + static_cast<uint64_t>(frames), frames, axes, m_session.counters(), overrun);
                        deadline = Clock::now() + perSample + 5s;
                    }
                    if (k < request.count)
                        a.place(*b, j);
                }
                // The last sample is complete once its final frame arrived.
                if (k < request.count && a.received > 0 &&
                    b->firstIndex + b->sampleCount() >= a.base + static_cast<uint64_t>(frames)) {
                    a.overrunNow = overrun;
                    if (!store(a, m_session.counters()))
                        break;
                    ++k;
                    a.begin(a.base + static_cast<uint64_t>(frames), frames, axes, m_session.counters(), overrun);
                    deadline = Clock::now() + perSample + 5s;
                }
            }
            if (m_session.state() == SessionState::Connected) {
                if (auto seq = m_session.stopSampling(cfg.name))
                    (void)m_session.waitReply(*seq, 1s);
            }
        }
        if (auto f = writer.flush(); !f && result.error.empty())
            result.error = "could not commit the recorded samples: " + f.message();
    }
    if (auto e = m_store.endSession(result.sessionId); !e && result.error.empty())
        result.error = e.message();
    if (result.error.empty() && static_cast<int>(result.samples.size()) < request.count)
        result.error = "recorded " + std::to_string(result.samples.size()) + " of " + std::to_string(request.count) + " samples";
    return result;
}

}  // namespace mote::device
