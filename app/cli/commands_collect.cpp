// mote collect: record labelled samples from a board into the project.
//   mote collect --port P --sensor S --label L --length 2s --count N [--rate R]
//                [--split train|test|auto] [--pattern P] [--continuous]
//   mote collect --forwarder --port P --baud B --label L --length 2s --count N
// Progress goes to stderr, the result (ids, loss) to stdout.
#include <iostream>

#include <nlohmann/json.hpp>

#include "board_connect.h"
#include "command_registry.h"
#include "device/device_json.h"
#include "device/device_session.h"
#include "device/forwarder_recorder.h"
#include "device/recorder.h"
#include "project_option.h"

namespace mote::cli {
namespace {

struct CollectOptions {
    std::string port;
    std::string sensor;
    std::string label;
    std::string length = "2s";
    int count = 1;
    double rate = 0;
    std::string split = "auto";
    std::string pattern;
    bool continuous = false;
    bool forwarder = false;
    int baud = 115200;
    std::string timestamp = "auto";
    int timeoutMs = 300;
};

// "2s", "1.5s", "500ms", "2" (seconds) -> seconds.
double parseLength(const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    const std::string unit = used ? text.substr(used) : "";
    double seconds = -1;
    if (used && (unit.empty() || unit == "s"))
        seconds = value;
    else if (used && unit == "ms")
        seconds = value / 1000.0;
    else if (used && unit == "min")
        seconds = value * 60.0;
    if (!(seconds > 0))
        throw CliError("--length wants a duration like 2s, 500ms or 1.5 (seconds), not '" + text + "'", kExitUsage);
    return seconds;
}

void printResult(const CliContext& context, const device::RecordResult& r, nlohmann::json extra) {
    if (context.json) {
        nlohmann::json j = device::recordResultJson(r);
        for (auto& [k, v] : extra.items())
            j[k] = v;
        std::cout << j.dump() << "\n";
        return;
    }
    int lossy = 0;
    for (const auto& s : r.samples)
        lossy += s.lossy ? 1 : 0;
    std::cout << "recorded " << r.samples.size() << " sample(s) in session " << r.sessionId;
    if (lossy)
        std::cout << " (" << lossy << " flagged lossy)";
    std::cout << "\n";
    for (const auto& s : r.samples) {
        std::cout << "  #" << s.id << "  " << s.frames << " frames  " << s.split;
        if (s.lossy)
            std::cout << "  LOSSY: " << s.lostSamples << " samples missing";
        std::cout << "\n";
    }
}

void finish(const device::RecordResult& r) {
    if (r.error.empty())
        return;
    const std::string stored = r.samples.empty() ? "nothing was stored"
                                                 : std::to_string(r.samples.size()) + " completed sample(s) were stored";
    throw CliError("recording stopped: " + r.error + "; " + stored,
                   r.error == "cancelled" ? kExitCancelled : kExitDevice);
}

void collectProtocol(const CliContext& context, const CollectOptions& o, double seconds) {
    if (o.sensor.empty())
        throw CliError("--sensor is required (see `mote devices --port " + o.port + "` for the board's sensors)", kExitUsage);
    auto project = openProjectOrThrow(context);
    device::SampleQueue queue;
    device::SessionCallbacks callbacks;
    callbacks.onSamples = [&queue](const device::SampleBatch& b) { queue.push(b); };
    device::SessionOptions options;
    options.handshakeTimeout = std::chrono::milliseconds(o.timeoutMs);
    device::DeviceSession session(o.port, options, callbacks);
    const auto caps = connectBoard(session, std::chrono::milliseconds(o.timeoutMs * 4 + 2000));
    std::cerr << "connected to " << caps.boardName << " (" << caps.deviceId << ", firmware " << caps.firmwareVersion
              << ") on " << o.port << "\n";
    if (!o.pattern.empty()) {
        auto pattern = protocol::motionPatternFromName(o.pattern);
        if (!pattern)
            throw CliError("unknown --pattern '" + o.pattern + "'; use idle, wave, circle, shake or updown", kExitUsage);
        requireAck(session, session.setPattern(*pattern), "board did not accept --pattern " + o.pattern);
    }
    device::RecordRequest request;
    request.sensor = o.sensor;
    request.label = o.label;
    request.rateHz = static_cast<float>(o.rate);
    request.lengthSeconds = seconds;
    request.count = o.count;
    request.split = o.split;
    request.continuous = o.continuous;
    request.note = o.pattern.empty() ? "" : "pattern " + o.pattern;
    device::Recorder recorder(session, queue, project.store());
    auto result = recorder.record(
        request,
        [](const device::RecordProgress& p) {
            std::cerr << "sample " << p.done << "/" << p.total << " stored as #" << p.lastSampleId
                      << (p.lastLossy ? " (LOSSY)" : "") << "\n";
        },
        InterruptGuard::flag());
    const auto counters = session.counters();
    session.stop();
    if (!result)
        throw CliError(result.message(), kExitUsage);
    printResult(context, *result, {{"counters", device::countersJson(counters)}, {"device", caps.deviceId}});
    finish(*result);
}

void collectForwarder(const CliContext& context, const CollectOptions& o, double seconds) {
    auto project = openProjectOrThrow(context);
    device::ForwarderRecordRequest request;
    request.port = o.port;
    request.serial.baudRate = o.baud;
    if (o.timestamp == "none")
        request.parser.timestamp = device::TimestampMode::None;
    else if (o.timestamp == "first")
        request.parser.timestamp = device::TimestampMode::FirstColumn;
    request.sensor = o.sensor.empty() ? "forwarder" : o.sensor;
    request.label = o.label;
    request.rateHz = o.rate;
    request.lengthSeconds = seconds;
    request.count = o.count;
    request.split = o.split;
    std::cerr << "reading lines from " << o.port << (o.rate > 0 ? "" : " (measuring the rate first)") << "\n";
    auto result = device::recordForwarder(
        request, project.store(),
        [](const device::RecordProgress& p) {
            std::cerr << "sample " << p.done << "/" << p.total << " stored as #" << p.lastSampleId
                      << (p.lastLossy ? " (LOSSY: lines missing)" : "") << "\n";
        },
        InterruptGuard::flag());
    if (!result)
        throw CliError(result.message(), kExitUsage);
    const auto& r = *result;
    nlohmann::json extra = {{"rateHz", r.rateHz},
                            {"rateSource", o.rate > 0 ? "given" : r.rateFromTimestamps ? "timestamps" : "arrival"},
                            {"axes", r.layout.axisNames},
                            {"timestamp", r.layout.hasTimestamp},
                            {"lines", r.counters.lines},
                            {"junkLines", r.counters.junkLines}};
    if (!context.json)
        std::cerr << "layout: " << r.layout.axisCount << " axes" << (r.layout.hasTimestamp ? " + timestamp" : "")
                  << ", " << r.rateHz << " Hz, " << r.counters.junkLines << " junk line(s) skipped\n";
    printResult(context, r.record, extra);
    finish(r.record);
}

void installCollect(CLI::App& root, CliContext& context) {
    auto* cmd = root.add_subcommand("collect", "Record labelled samples from a board into the project");
    auto o = std::make_shared<CollectOptions>();
    cmd->add_option("--port", o->port, "Serial port or pty of the board")->required();
    cmd->add_option("--sensor", o->sensor, "Sensor to record (as the board names it, e.g. imu, microphone)");
    cmd->add_option("--label", o->label, "Label of the recorded samples")->required();
    cmd->add_option("--length", o->length, "Length of each sample: 2s, 500ms, 1.5 (default 2s)");
    cmd->add_option("--count", o->count, "Number of samples (default 1)")->check(CLI::Range(1, 100000));
    cmd->add_option("--rate", o->rate, "Sample rate in Hz (default: the sensor's highest; forwarder: measured)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--split", o->split, "train, test or auto (default auto: ~20% test by content)")
        ->check(CLI::IsMember({"train", "test", "auto"}));
    cmd->add_option("--pattern", o->pattern, "Simulated board only: motion pattern (idle, wave, circle, shake, updown)");
    cmd->add_flag("--continuous", o->continuous, "One continuous stream cut into samples (no gaps between them)");
    cmd->add_flag("--forwarder", o->forwarder, "The board prints one sample per text line (CSV/TSV/spaces)");
    cmd->add_option("--baud", o->baud, "Forwarder/serial baud rate (default 115200)")->check(CLI::PositiveNumber);
    cmd->add_option("--timestamp", o->timestamp, "Forwarder: leading timestamp column: auto, none, first")
        ->check(CLI::IsMember({"auto", "none", "first"}));
    cmd->add_option("--timeout", o->timeoutMs, "Handshake timeout per attempt in ms (3 attempts)")
        ->check(CLI::Range(20, 10000));
    addProjectOption(cmd, context);
    addJsonFlag(cmd, context);
    cmd->callback([&context, o] {
        const double seconds = parseLength(o->length);
        const InterruptGuard interrupt;
        if (o->forwarder)
            collectForwarder(context, *o, seconds);
        else
            collectProtocol(context, *o, seconds);
    });
}

const CommandRegistration reg{"collect", &installCollect};

}  // namespace
}  // namespace mote::cli
