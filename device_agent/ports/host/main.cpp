// mote-board-sim: the simulated Mote board. Opens a pseudo-terminal, prints
// "PTY /dev/pts/N" as the first line on stdout, and runs the portable device
// agent on it with a simulated 6-axis IMU and a 16 kHz microphone. Built by a
// deployment (MOTE_HAS_MODEL) it also carries a generated model: RunModel,
// live inference and the boot self-test, exactly as the Cortex-M4 firmware.
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "agent/agent.h"
#include "protocol/motion_patterns.h"
#include "pty_link.h"
#include "replay_loader.h"
#include "sim/imu_simulator.h"
#include "sim/microphone.h"
#include "sim/random.h"
#include "sim/replay_sensor.h"
#include "sim_clock.h"
#include "wav_folder_audio.h"

#ifdef MOTE_HAS_MODEL
#include "inference/model_binding.h"
#endif

namespace {

volatile std::sig_atomic_t g_stop = 0;
void onSignal(int) { g_stop = 1; }

struct Options {
    std::string link;
    std::string pattern = "idle";
    bool fast = false;
    uint32_t seed = 1;
    std::string wavDir;
    std::string replay;
    std::string boardName = "Mote Simulated Board";
};

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: mote-board-sim [options]\n"
                 "  --link PATH        also make PATH a symlink to the pty (removed on exit)\n"
                 "  --pattern NAME     IMU motion: idle, wave, circle, shake, updown (default idle)\n"
                 "  --fast             no real-time pacing: samples as fast as the host reads\n"
                 "                     (timestamps unchanged; for tests)\n"
                 "  --seed N           board identity: device id, sensor offsets, clock drift, noise\n"
                 "  --wav-dir DIR      microphone plays the 16 kHz WAV files of DIR (else noise floor)\n"
                 "  --replay FILE      replay a recording: .csv -> imu (6 columns or timestamp + 6),\n"
                 "                     .wav -> microphone\n"
                 "  --board-name NAME  board name reported in the handshake\n"
                 "Prints \"PTY /dev/pts/N\" on stdout, then runs until SIGINT/SIGTERM.\n");
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "mote-board-sim: %s needs a value\n", a.c_str());
                return false;
            }
            out = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--help" || a == "-h") {
            usage(stdout);
            std::exit(0);
        } else if (a == "--fast") {
            o.fast = true;
        } else if (a == "--link") {
            if (!value(o.link)) return false;
        } else if (a == "--pattern") {
            if (!value(o.pattern)) return false;
        } else if (a == "--wav-dir") {
            if (!value(o.wavDir)) return false;
        } else if (a == "--replay") {
            if (!value(o.replay)) return false;
        } else if (a == "--board-name") {
            if (!value(o.boardName)) return false;
        } else if (a == "--seed") {
            if (!value(v)) return false;
            char* end = nullptr;
            const unsigned long n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || *end || n > 0xFFFFFFFFul) {
                std::fprintf(stderr, "mote-board-sim: --seed wants a number 0..4294967295, got '%s'\n",
                             v.c_str());
                return false;
            }
            o.seed = static_cast<uint32_t>(n);
        } else {
            std::fprintf(stderr, "mote-board-sim: unknown option '%s' (see --help)\n", a.c_str());
            return false;
        }
    }
    return true;
}

class SimHooks final : public mote::agent::CommandHooks {
public:
    explicit SimHooks(mote::sim::ImuSimulator* imu) : m_imu(imu) {}
    bool setPattern(mote::wire::MotionPattern pattern) override {
        if (!m_imu || static_cast<int>(pattern) > static_cast<int>(mote::wire::MotionPattern::MAX))
            return false;
        m_imu->setPattern(pattern);
        std::fprintf(stderr, "mote-board-sim: pattern %s\n", mote::protocol::motionPatternName(pattern));
        return true;
    }

private:
    mote::sim::ImuSimulator* m_imu;
};

// Waits for the pty to become readable (commands) or, if `wantWrite`,
// writable, for at most `timeoutMs`.
void waitLink(int fd, bool wantWrite, int timeoutMs) {
    pollfd p{fd, static_cast<short>(POLLIN | (wantWrite ? POLLOUT : 0)), 0};
    ::poll(&p, 1, timeoutMs);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace mote;
    Options o;
    if (!parse(argc, argv, o)) {
        usage(stderr);
        return 2;
    }
    const auto pattern = protocol::motionPatternFromName(o.pattern);
    if (!pattern) {
        std::fprintf(stderr,
                     "mote-board-sim: unknown pattern '%s'; use idle, wave, circle, shake or updown\n",
                     o.pattern.c_str());
        return 2;
    }

    // Everything the board needs is set up here, before the loop: the agent
    // itself allocates nothing afterwards.
    sim::Random identity(o.seed ^ 0x5EED5EEDu);
    char deviceId[32];
    std::snprintf(deviceId, sizeof deviceId, "SIM-%08X", static_cast<unsigned>(identity.next()));
    const double driftPpm = 40.0 * identity.symmetric();

    boardsim::WavFolderAudio wavAudio;
    std::vector<std::string> warnings;
    std::string error;
    if (!o.wavDir.empty() && !wavAudio.load(o.wavDir, error, warnings)) {
        std::fprintf(stderr, "mote-board-sim: %s\n", error.c_str());
        return 2;
    }
    for (const auto& w : warnings)
        std::fprintf(stderr, "mote-board-sim: warning: %s\n", w.c_str());

    boardsim::Recording recording;
    if (!o.replay.empty() && !boardsim::loadRecording(o.replay, recording, error)) {
        std::fprintf(stderr, "mote-board-sim: %s\n", error.c_str());
        return 2;
    }

    sim::ImuSimulator imu(o.seed);
    imu.setPattern(*pattern);
    sim::Microphone microphone(o.wavDir.empty() ? nullptr : &wavAudio, o.seed);
    std::unique_ptr<sim::ReplaySensor> replay;
    const bool replayImu = !o.replay.empty() && recording.kind == boardsim::Recording::Kind::Imu;
    const bool replayAudio = !o.replay.empty() && recording.kind == boardsim::Recording::Kind::Audio;
    if (!o.replay.empty())
        replay = std::make_unique<sim::ReplaySensor>(replayImu ? imu.spec() : microphone.spec(),
                                                     recording.values.data(), recording.sampleCount);

    boardsim::PtyLink link;
    if (!link.open(error)) {
        std::fprintf(stderr, "mote-board-sim: %s\n", error.c_str());
        return 1;
    }
    if (!o.link.empty()) {
        std::error_code ec;
        if (std::filesystem::is_symlink(o.link, ec))
            std::filesystem::remove(o.link, ec);
        std::filesystem::create_symlink(link.slavePath(), o.link, ec);
        if (ec) {
            std::fprintf(stderr, "mote-board-sim: cannot create symlink %s: %s\n", o.link.c_str(),
                         ec.message().c_str());
            return 1;
        }
    }

    boardsim::RealTimeClock realClock(driftPpm);
    boardsim::FastClock fastClock;
    agent::Clock& clock = o.fast ? static_cast<agent::Clock&>(fastClock) : realClock;

    agent::BoardInfo board;
    board.name = o.boardName.c_str();
    board.firmwareVersion = "sim-" MOTE_VERSION;
    board.deviceId = deviceId;
    board.ramBytes = 256 * 1024;
    board.flashBytes = 1024 * 1024;
    board.clockHz = 64000000;

#ifdef MOTE_HAS_MODEL
    board.model = agent::ModelBinding::spec();
#endif
    static agent::Agent agent(link, clock, board);  // ~40 KiB: not on the stack
    agent::Sensor* const sensors[] = {replayImu ? static_cast<agent::Sensor*>(replay.get()) : &imu,
                                      replayAudio ? static_cast<agent::Sensor*>(replay.get()) : &microphone};
    agent.addSensor(*sensors[0]);
    agent.addSensor(*sensors[1]);
    SimHooks hooks(replayImu ? nullptr : &imu);
    agent.setCommandHooks(&hooks);
#ifdef MOTE_HAS_MODEL
    agent::ModelBinding model(clock, sensors, 2);
    model.attach(agent);
    const char* selfTest = model.runSelfTest();
    uint64_t nextReportUs = 0;
#endif

    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    std::printf("PTY %s\n", link.slavePath().c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "mote-board-sim: %s (%s) on %s, pattern %s%s%s\n", board.name, deviceId,
                 link.slavePath().c_str(), o.pattern.c_str(), o.fast ? ", fast" : "",
                 o.replay.empty() ? "" : ", replaying");

    sim::Random jitter(o.seed * 7919u + 13u);
    uint64_t lastReal = boardsim::monotonicUs();
    while (!g_stop) {
        agent.poll();
#ifdef MOTE_HAS_MODEL
        if (selfTest && clock.nowUs() >= nextReportUs && agent.log(wire::LogLevel::Info, selfTest))
            nextReportUs = clock.nowUs() + 1000000;
#endif
        const bool pending = agent.pendingTxBytes() > 0;
        if (o.fast) {
            if (pending) {
                waitLink(link.fd(), true, 100);  // host reads slower than we make data
            } else if (agent.sampling()) {
                // Everything sent: let 10 ms of virtual time pass.
                waitLink(link.fd(), false, 0);
                fastClock.advance(10000);
            } else {
                waitLink(link.fd(), false, 20);
                const uint64_t real = boardsim::monotonicUs();
                fastClock.advance(real - lastReal);
            }
            lastReal = boardsim::monotonicUs();
            continue;
        }
        // Real time: wake every few ms while sampling (samples are taken in
        // small batches, like a DMA half-buffer interrupt), with jitter.
        int timeoutMs = 100;
        if (agent.sampling())
            timeoutMs = 3 + static_cast<int>(jitter.next() % 3);
        waitLink(link.fd(), pending, timeoutMs);
    }

    if (!o.link.empty()) {
        std::error_code ec;
        std::filesystem::remove(o.link, ec);
    }
    std::fprintf(stderr, "mote-board-sim: stopped (frames sent %u, overrun samples %u)\n",
                 agent.stats().framesSent, agent.stats().overrunSamples);
    return 0;
}
