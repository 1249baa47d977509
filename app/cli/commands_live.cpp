// mote live [--board B | --port P] [--sensor S] [--stride N] [--seconds N] [--json]:
// starts live inference on the board (the running emulator/simulator of
// profile B, or the serial port P) and prints one line per InferenceResult:
// time, top label, smoothed label, scores, DSP/model time in us and cycles
// (--json: one JSON object per line). Ends after --seconds, on Ctrl-C, or
// when the board goes away.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "command_registry.h"
#include "device/device_session.h"
#include "device/live_inference.h"
#include "firmware/board_model_runner.h"
#include "firmware/board_profile.h"

namespace mote::cli {
namespace {

std::atomic<bool> g_liveStop{false};
void onLiveInterrupt(int) { g_liveStop = true; }

struct LiveArgs {
    std::string board = "qemu-mps2-an386";
    std::string port;
    std::string sensor;
    uint32_t stride = 0;
    double seconds = 0;
    int smoothing = 5;
};

void installLive(CLI::App& root, CliContext& context) {
    static LiveArgs a;
    auto* cmd = root.add_subcommand("live", "Live inference on a board: scores, smoothed label, timing");
    cmd->add_option("--board", a.board, "Board profile whose running emulator/simulator to use")->capture_default_str();
    cmd->add_option("--port", a.port, "Serial port / pty of the board (instead of --board)");
    cmd->add_option("--sensor", a.sensor, "Sensor to run on (default: the first the board lists)");
    cmd->add_option("--stride", a.stride, "Samples between results (default: the impulse's stride)");
    cmd->add_option("--seconds", a.seconds, "Stop after this long (default: until Ctrl-C)");
    cmd->add_option("--smoothing", a.smoothing, "Results in the smoothed label's majority vote")->capture_default_str();
    cmd->add_flag("--json", context.json, "One JSON object per result");
    cmd->callback([&context] {
        std::string port = a.port;
        bool emulated = false;
        std::string timingNote;  // the profile's word on where timings come from
        if (port.empty()) {
            auto profile = firmware::findBoardProfile(firmware::defaultBoardsDir(), a.board);
            if (!profile)
                throw CliError(profile.message() + "; see `mote board list`", kExitBadInput);
            emulated = profile->emulated;
            timingNote = profile->timingNote;
            port = firmware::boardConnectionPath(*profile, {}, "");
            if (port.empty())
                throw CliError("board '" + a.board + "' is not running: deploy a model first (mote deploy --board " +
                                   a.board + ")",
                               kExitDevice);
        }
        std::unique_ptr<device::LiveInference> live;
        device::SessionCallbacks callbacks;
        std::mutex liveMutex;
        callbacks.onInference = [&](const protocol::InferenceResultMessage& r) {
            std::lock_guard lock(liveMutex);
            if (live)
                live->push(r);
        };
        device::SessionOptions sessionOptions;
        sessionOptions.handshakeTimeout = std::chrono::milliseconds(2000);
        sessionOptions.handshakeAttempts = 5;
        device::DeviceSession session(port, sessionOptions, callbacks);
        if (auto s = session.start(); !s)
            throw CliError(s.message(), kExitDevice);
        auto caps = session.waitConnected(std::chrono::seconds(15));
        if (!caps)
            throw CliError(caps.message(), kExitDevice);
        if (!caps->model)
            throw CliError("the board on " + port + " carries no model: deploy one first (mote deploy)", kExitDevice);
        const std::string sensor = a.sensor.empty() && !caps->sensors.empty() ? caps->sensors.front().name : a.sensor;
        device::LiveOptions options;
        options.majorityWindow = a.smoothing;
        {
            std::lock_guard lock(liveMutex);
            live = std::make_unique<device::LiveInference>(caps->model->labels, options);
        }
        if (auto s = device::startLiveInference(session, sensor, a.stride); !s)
            throw CliError(s.message(), kExitDevice);
        if (!context.json)
            std::cerr << "live inference of model '" << caps->model->id << "' on " << caps->boardName << " (" << sensor
                      << ")" << (timingNote.empty() ? "" : ". " + timingNote) << " Ctrl-C to stop.\n";
        g_liveStop = false;
        auto previous = std::signal(SIGINT, onLiveInterrupt);
        const auto start = std::chrono::steady_clock::now();
        uint64_t printed = 0;
        while (!g_liveStop && session.state() == device::SessionState::Connected &&
               (a.seconds <= 0 ||
                std::chrono::steady_clock::now() - start < std::chrono::duration<double>(a.seconds))) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            for (const auto& r : live->drain()) {
                ++printed;
                if (context.json) {
                    std::cout << nlohmann::json{{"t", r.hostSeconds},
                                                {"board_us", r.boardTimestampUs},
                                                {"top", r.topLabel},
                                                {"top_index", r.topIndex},
                                                {"smoothed", r.smoothedLabel},
                                                {"scores", r.scores},
                                                {"labels", live->labels()},
                                                {"dsp_us", r.dspUs},
                                                {"model_us", r.modelUs},
                                                {"dsp_cycles", r.dspCycles},
                                                {"model_cycles", r.modelCycles},
                                                {"emulated", emulated}}
                                     .dump()
                              << std::endl;
                    continue;
                }
                char head[160];
                std::snprintf(head, sizeof head, "%7.2f s  %-12s (smoothed %-12s)", r.hostSeconds, r.topLabel.c_str(),
                              r.smoothedLabel.c_str());
                std::cout << head;
                for (size_t i = 0; i < r.scores.size(); ++i) {
                    char s[64];
                    std::snprintf(s, sizeof s, " %s=%.2f",
                                  i < live->labels().size() ? live->labels()[i].c_str() : "?", r.scores[i]);
                    std::cout << s;
                }
                std::cout << "  dsp " << r.dspUs << " us/" << r.dspCycles << " cyc, model " << r.modelUs << " us/"
                          << r.modelCycles << " cyc" << std::endl;
            }
        }
        std::signal(SIGINT, previous);
        const bool gone = session.state() != device::SessionState::Connected;
        if (!gone)
            (void)device::stopLiveInference(session);
        session.stop();
        if (gone)
            throw CliError("the board went away: " + session.lastError(), kExitDevice);
        if (printed == 0)
            throw CliError("no inference result arrived from the board", kExitDevice);
    });
}

const CommandRegistration reg{"live", &installLive};

}  // namespace
}  // namespace mote::cli
