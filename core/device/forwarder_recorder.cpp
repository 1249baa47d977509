#include "device/forwarder_recorder.h"
#include "device/record_checks.h"

#include <cmath>
#include <deque>
#include <optional>

#include <nlohmann/json.hpp>

namespace mote::device {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Result<ForwarderRecordResult> recordForwarder(const ForwarderRecordRequest& request, dataset::SampleStore& store,
                                              const std::function<void(const RecordProgress&)>& progress,
                                              const std::atomic<bool>* cancel) {
    auto basics = checkRecordBasics(request.label, request.count, request.lengthSeconds, request.split);
    if (!basics)
        return basics.error();
    if (request.rateHz < 0)
        return makeError("rate must be positive (or 0 to measure it)");
    const std::optional<dataset::Split> fixedSplit = *basics;
    auto transport = serial::openTransport(request.port, request.serial);
    if (!transport)
        return transport.error();

    ForwarderRecordResult out;
    ForwarderParser parser(request.parser);
    RateEstimator estimator;
    std::deque<ForwarderRow> rows;  // parsed, not yet in a sample
    std::vector<uint8_t> buf(16 * 1024);
    auto lastLine = Clock::now();
    uint64_t junkAtSampleStart = 0;
    std::optional<double> lastTs;
    uint64_t gapSamples = 0;  // samples missing by timestamp gaps, current sample

    const std::string identity = "forwarder:" + request.port;
    std::optional<int64_t> sessionId;
    std::optional<dataset::BatchWriter> writer;
    int64_t frames = 0;

    auto fail = [&](const std::string& message) { out.record.error = message; };

    while (static_cast<int>(out.record.samples.size()) < request.count) {
        if (cancel && *cancel) {
            fail("cancelled");
            break;
        }
        auto n = (*transport)->read(buf.data(), buf.size(), 50ms);
        if (!n) {
            fail(n.message());
            break;
        }
        const auto now = Clock::now();
        std::vector<ForwarderRow> fresh;
        parser.feed(buf.data(), *n, now, fresh);
        if (!fresh.empty())
            lastLine = now;
        else if (now - lastLine > request.silenceTimeout) {
            fail("no sample lines from " + request.port + " for " + std::to_string(request.silenceTimeout.count()) +
                 " ms (is the board printing? right baud rate?)");
            break;
        }
        for (auto& r : fresh) {
            estimator.add(r);
            rows.push_back(std::move(r));
        }
        if (frames == 0) {
            // Start once the rate is known.
            double rate = request.rateHz;
            if (rate <= 0) {
                auto measured = estimator.rateHz();
                if (!measured)
                    continue;
                rate = *measured;
                out.rateFromTimestamps = estimator.fromTimestamps();
            }
            out.rateHz = rate;
            out.layout = parser.layout();
            frames = static_cast<int64_t>(std::llround(rate * request.lengthSeconds));
            if (frames < 1) {
                fail("length is shorter than one sample at " + std::to_string(rate) + " Hz");
                break;
            }
            auto deviceRow = store.ensureDevice(identity, "forwarder", "");
            if (!deviceRow)
                return deviceRow.error();
            nlohmann::json settings = {{"port", request.port},
                                       {"mode", "forwarder"},
                                       {"baud", request.serial.baudRate},
                                       {"rateHz", rate},
                                       {"rateSource", request.rateHz > 0 ? "given"
                                                      : out.rateFromTimestamps ? "timestamps"
                                                                               : "arrival"},
                                       {"axes", out.layout.axisNames},
                                       {"timestamp", out.layout.hasTimestamp},
                                       {"lengthSeconds", request.lengthSeconds},
                                       {"count", request.count}};
            auto sid = store.startSession(*deviceRow, request.sensor, rate, settings.dump());
            if (!sid)
                return sid.error();
            sessionId = *sid;
            out.record.sessionId = *sid;
            writer.emplace(store);
            junkAtSampleStart = parser.counters().junkLines;
        }
        while (static_cast<int64_t>(rows.size()) >= frames &&
               static_cast<int>(out.record.samples.size()) < request.count) {
            const int axes = parser.layout().axisCount;
            std::vector<float> values;
            values.reserve(static_cast<size_t>(frames) * static_cast<size_t>(axes));
            for (int64_t i = 0; i < frames; ++i) {
                const auto& r = rows.front();
                if (r.timestampS && lastTs && out.rateHz > 0) {
                    const double steps = std::round((*r.timestampS - *lastTs) * out.rateHz);
                    if (steps > 1)
                        gapSamples += static_cast<uint64_t>(steps - 1);
                }
                lastTs = r.timestampS;
                values.insert(values.end(), r.values.begin(), r.values.end());
                rows.pop_front();
            }
            const uint64_t junk = parser.counters().junkLines - junkAtSampleStart;
            junkAtSampleStart = parser.counters().junkLines;
            dataset::Sample s;
            s.label = request.label;
            s.sensor = request.sensor;
            s.axisNames = parser.layout().axisNames;
            s.units.assign(s.axisNames.size(), "");
            s.sampleRateHz = out.rateHz;
            s.dataType = dataset::DataType::Float32;
            s.setFloatData(values);
            s.captureTimeMs = nowMs();
            s.device = identity;
            s.sessionId = sessionId;
            const bool lossy = gapSamples > 0;
            s.metadataJson = nlohmann::json{{"mode", "forwarder"},
                                            {"lossy", lossy},
                                            {"lostSamples", gapSamples},
                                            {"junkLines", junk},
                                            {"rateSource", request.rateHz > 0 ? "given"
                                                           : out.rateFromTimestamps ? "timestamps"
                                                                                    : "arrival"},
                                            {"port", request.port}}
                                 .dump();
            s.split = fixedSplit ? *fixedSplit : dataset::resolveAutoSplit(s);
            auto id = writer->add(s);
            if (!id) {
                fail("could not store the sample: " + id.message());
                break;
            }
            RecordedSample info;
            info.id = *id;
            info.frames = frames;
            info.lostSamples = gapSamples;
            info.lossy = lossy;
            info.split = dataset::splitName(s.split);
            out.record.samples.push_back(info);
            gapSamples = 0;
            if (progress)
                progress({static_cast<int>(out.record.samples.size()), request.count, info.id, lossy});
        }
        if (!out.record.error.empty())
            break;
    }
    if (writer) {
        if (auto f = writer->flush(); !f && out.record.error.empty())
            out.record.error = "could not commit the recorded samples: " + f.message();
        writer.reset();
    }
    if (sessionId) {
        if (auto e = store.endSession(*sessionId); !e && out.record.error.empty())
            out.record.error = e.message();
    }
    out.counters = parser.counters();
    if (out.layout.axisCount == 0 && parser.detected())
        out.layout = parser.layout();
    return out;
}

}  // namespace mote::device
