// mote monitor --port P [--sensor S] [--rate R] [--seconds N] [--json]:
// streams a sensor and prints its latest values and the link counters twice
// a second (--json: one JSON object per line). --forwarder reads a board
// that prints lines instead. Ends after --seconds, on Ctrl-C, or when the
// board goes away (exit code 5 with the reason).
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "board_connect.h"
#include "command_registry.h"
#include "device/device_json.h"
#include "device/device_session.h"
#include "device/forwarder_parser.h"

namespace mote::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct MonitorOptions {
    std::string port;
    std::string sensor;
    double rate = 0;
    double seconds = 0;  // 0 = until Ctrl-C
    bool forwarder = false;
    int baud = 115200;
    int intervalMs = 500;
};

std::string formatValues(const std::vector<std::string>& axes, const std::vector<double>& values) {
    std::string s;
    char buf[64];
    for (size_t i = 0; i < values.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%s=%.4g", i ? " " : "", i < axes.size() ? axes[i].c_str() : "?", values[i]);
        s += buf;
    }
    return s;
}

bool timeUp(const MonitorOptions& o, Clock::time_point start) {
    return InterruptGuard::flag()->load() || (o.seconds > 0 && Clock::now() - start >= std::chrono::duration<double>(o.seconds));
}

void monitorProtocol(const CliContext& context, const MonitorOptions& o) {
    std::mutex mutex;
    std::vector<int16_t> latest;  // last sample of the monitored sensor (raw)
    uint64_t received = 0;
    device::SessionCallbacks callbacks;
    callbacks.onSamples = [&](const device::SampleBatch& b) {
        std::lock_guard lock(mutex);
        const size_t n = b.sampleCount();
        if (n == 0)
            return;
        latest.assign(b.values.end() - b.axisCount, b.values.end());
        received += n;
    };
    device::DeviceSession session(o.port, {}, callbacks);
    const auto caps = connectBoard(session, std::chrono::seconds(3));
    std::string sensorName = o.sensor.empty() && !caps.sensors.empty() ? caps.sensors.front().name : o.sensor;
    const auto* sensor = caps.findSensor(sensorName);
    if (!sensor)
        throw CliError("board has no sensor '" + sensorName + "'", kExitUsage);
    requireAck(session, session.startSampling(sensorName, static_cast<float>(o.rate), 0),
               "board did not start " + sensorName, kExitUsage);
    std::cerr << "monitoring " << sensorName << " on " << caps.boardName << " (" << o.port << "), Ctrl-C to stop\n";
    const auto start = Clock::now();
    while (!timeUp(o, start)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(o.intervalMs));
        if (session.state() != device::SessionState::Connected)
            throw CliError(session.lastError(), kExitDevice);
        std::vector<double> values;
        uint64_t count = 0;
        {
            std::lock_guard lock(mutex);
            for (size_t i = 0; i < latest.size(); ++i)
                values.push_back(latest[i] * static_cast<double>(i < sensor->scales.size() ? sensor->scales[i] : 1.0f));
            count = received;
        }
        if (count == 0)
            continue;  // nothing to show before the first sample (a loaded host may take a while)
        const auto c = session.counters();
        const double t = std::chrono::duration<double>(Clock::now() - start).count();
        if (context.json) {
            nlohmann::json j = {{"t", t}, {"sensor", sensorName}, {"axes", sensor->axes}, {"values", values},
                                {"counters", device::countersJson(c)}, {"drift", device::driftJson(session.drift())}};
            std::cout << j.dump() << std::endl;
        } else {
            std::printf("%7.1fs  %s  | samples %llu  frames %llu (%.0f/s)  crc %llu  lost %llu frames / %llu samples  overrun %llu\n",
                        t, formatValues(sensor->axes, values).c_str(), static_cast<unsigned long long>(count),
                        static_cast<unsigned long long>(c.frames), c.framesPerSecond,
                        static_cast<unsigned long long>(c.crcErrors), static_cast<unsigned long long>(c.lostFrames),
                        static_cast<unsigned long long>(c.lostSamples),
                        static_cast<unsigned long long>(c.boardOverrunSamples));
            std::fflush(stdout);
        }
    }
    session.stop();
}

void monitorForwarder(const CliContext& context, const MonitorOptions& o) {
    serial::SerialSettings settings;
    settings.baudRate = o.baud;
    auto transport = serial::openTransport(o.port, settings);
    if (!transport)
        throw CliError(transport.message(), kExitDevice);
    device::ForwarderParser parser;
    device::RateEstimator rate;
    std::vector<uint8_t> buf(8192);
    std::vector<double> latest;
    const auto start = Clock::now();
    auto nextPrint = start + std::chrono::milliseconds(o.intervalMs);
    while (!timeUp(o, start)) {
        auto n = (*transport)->read(buf.data(), buf.size(), std::chrono::milliseconds(50));
        if (!n)
            throw CliError(n.message(), kExitDevice);
        std::vector<device::ForwarderRow> rows;
        parser.feed(buf.data(), *n, Clock::now(), rows);
        for (const auto& r : rows) {
            rate.add(r);
            latest.assign(r.values.begin(), r.values.end());
        }
        if (Clock::now() < nextPrint)
            continue;
        nextPrint += std::chrono::milliseconds(o.intervalMs);
        const auto& c = parser.counters();
        const double t = std::chrono::duration<double>(Clock::now() - start).count();
        auto hz = rate.rateHz();
        if (context.json) {
            nlohmann::json j = {{"t", t}, {"axes", parser.layout().axisNames}, {"values", latest},
                                {"rows", c.rows}, {"junkLines", c.junkLines},
                                {"rateHz", hz ? nlohmann::json(*hz) : nlohmann::json(nullptr)}};
            std::cout << j.dump() << std::endl;
        } else {
            std::printf("%7.1fs  %s  | rows %llu  junk %llu  rate %s\n", t,
                        formatValues(parser.layout().axisNames, latest).c_str(),
                        static_cast<unsigned long long>(c.rows), static_cast<unsigned long long>(c.junkLines),
                        hz ? (std::to_string(*hz) + " Hz").c_str() : "measuring");
            std::fflush(stdout);
        }
    }
}

void installMonitor(CLI::App& root, CliContext& context) {
    auto* cmd = root.add_subcommand("monitor", "Print live values and link counters from a board");
    auto o = std::make_shared<MonitorOptions>();
    cmd->add_option("--port", o->port, "Serial port or pty of the board")->required();
    cmd->add_option("--sensor", o->sensor, "Sensor to stream (default: the board's first)");
    cmd->add_option("--rate", o->rate, "Sample rate in Hz (default: the sensor's highest)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--seconds", o->seconds, "Stop after this many seconds (default: until Ctrl-C)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--interval", o->intervalMs, "Print every N ms (default 500)")->check(CLI::Range(50, 60000));
    cmd->add_flag("--forwarder", o->forwarder, "The board prints one sample per text line");
    cmd->add_option("--baud", o->baud, "Baud rate for real serial ports (default 115200)")->check(CLI::PositiveNumber);
    cmd->add_flag("--json", context.json, "One JSON object per line");
    cmd->callback([&context, o] {
        const InterruptGuard interrupt;
        if (o->forwarder)
            monitorForwarder(context, *o);
        else
            monitorProtocol(context, *o);
    });
}

const CommandRegistration reg{"monitor", &installMonitor};

}  // namespace
}  // namespace mote::cli
