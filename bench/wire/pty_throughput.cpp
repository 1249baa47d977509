// Benchmark of the wire protocol over a real pty with the real simulator:
//  1. highest sustained rate with 0 loss: mote-board-sim --fast produces as
//     fast as this host reads; samples/s and bytes/s for audio and IMU;
//  2. CPU cost in real time: sim + host CPU per 1,000 samples/s, measured
//     while streaming 16 kHz audio and 1 kHz IMU at their real rates.
// Prints figures; exits non-zero only if loss was seen (then the figure
// would be meaningless).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/frame_decoder.h"
#include "protocol/messages.h"

using namespace mote::protocol;
using Clock = std::chrono::steady_clock;

namespace {

struct Sim {
    pid_t pid = -1;
    std::string pty;
};

Sim launch(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0)
        return {};
    Sim sim;
    sim.pid = ::fork();
    if (sim.pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        std::vector<char*> argv{const_cast<char*>(MOTE_BOARD_SIM_PATH)};
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(MOTE_BOARD_SIM_PATH, argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    char c;
    std::string line;
    while (::read(out[0], &c, 1) == 1 && c != '\n')
        line += c;
    ::close(out[0]);
    if (line.rfind("PTY ", 0) == 0)
        sim.pty = line.substr(4);
    return sim;
}

void stop(Sim& sim) {
    ::kill(sim.pid, SIGTERM);
    ::waitpid(sim.pid, nullptr, 0);
}

// CPU seconds (user + system) used so far by a process.
double cpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string content((std::istreambuf_iterator<char>(in)), {});
    const auto close = content.rfind(')');
    std::istringstream rest(content.substr(close + 2));
    std::string field;
    unsigned long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stoul(field);
        if (i == 15) stime = std::stoul(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double selfCpuSeconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct Result {
    uint64_t samples = 0;
    uint64_t bytes = 0;
    double seconds = 0;
    uint32_t lost = 0;
    uint32_t dropped = 0;
    uint32_t overrun = 0;
    uint32_t indexGaps = 0;
    double simCpu = 0;
    double hostCpu = 0;
};

Result stream(const Sim& sim, uint8_t sensor, float rate, uint32_t length) {
    Result r;
    int fd = ::open(sim.pty.c_str(), O_RDWR | O_NOCTTY);
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
    FrameEncoder encoder;
    FrameDecoder decoder;
    auto send = [&](const AnyMessage& m) {
        auto f = encodeMessage(encoder, m).value();
        if (::write(fd, f.data(), f.size()) != static_cast<ssize_t>(f.size()))
            std::fprintf(stderr, "short write\n");
    };
    bool haveCaps = false, done = false;
    uint32_t expected = 0;
    std::vector<uint8_t> buffer(65536);
    send(HelloMessage{1, 0, "bench"});
    auto readSome = [&](auto&& onMessage) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            return;
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0)
            return;
        r.bytes += static_cast<uint64_t>(n);
        decoder.push(buffer.data(), static_cast<size_t>(n), [&](const Frame& f) {
            auto m = decodeMessage(f);
            if (m.ok())
                onMessage(m.value());
        });
    };
    while (!haveCaps)
        readSome([&](const AnyMessage& m) { haveCaps = std::holds_alternative<CapabilitiesMessage>(m); });
    decoder.reset();
    r.bytes = 0;
    const double simCpu0 = cpuSeconds(sim.pid), hostCpu0 = selfCpuSeconds();
    const auto t0 = Clock::now();
    send(StartSamplingMessage{sensor, rate, length});
    while (!done) {
        readSome([&](const AnyMessage& m) {
            const auto* c = std::get_if<SampleChunkMessage>(&m);
            if (!c)
                return;
            if (c->firstIndex != expected)
                ++r.indexGaps;
            expected = c->firstIndex + static_cast<uint32_t>(c->sampleCount());
            r.samples += c->sampleCount();
            r.overrun = c->overrunSamples;
            done = c->last;
        });
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.simCpu = cpuSeconds(sim.pid) - simCpu0;
    r.hostCpu = selfCpuSeconds() - hostCpu0;
    r.lost = decoder.counters().lostFrames;
    r.dropped = decoder.counters().dropped();
    ::close(fd);
    return r;
}

bool report(const char* name, const Result& r, uint32_t axes) {
    const double sps = r.samples / r.seconds;
    std::printf("%-34s %9llu samples in %6.2f s: %10.0f samples/s (%8.0f values/s), %9.0f bytes/s;"
                " loss: frames %u, dropped %u, overrun %u, index gaps %u\n",
                name, static_cast<unsigned long long>(r.samples), r.seconds, sps, sps * axes,
                r.bytes / r.seconds, r.lost, r.dropped, r.overrun, r.indexGaps);
    return r.lost == 0 && r.dropped == 0 && r.overrun == 0 && r.indexGaps == 0;
}

void reportCpu(const char* name, const Result& r) {
    const double sps = r.samples / r.seconds;
    std::printf("%-34s sim %5.2f%% + host %5.2f%% of a core at %6.0f samples/s"
                " -> %.3f%% (sim) %.3f%% (host) of a core per 1,000 samples/s\n",
                name, 100 * r.simCpu / r.seconds, 100 * r.hostCpu / r.seconds, sps,
                100 * r.simCpu / r.seconds / (sps / 1000), 100 * r.hostCpu / r.seconds / (sps / 1000));
}

}  // namespace

int main() {
    bool clean = true;
    std::printf("== max sustained rate over a pty, 0 loss (mote-board-sim --fast) ==\n");
    {
        Sim sim = launch({"--fast"});
        clean &= report("microphone 1 axis, 1,600,000 samples", stream(sim, 2, 16000, 1600000), 1);
        clean &= report("imu 6 axes, 200,000 samples", stream(sim, 1, 1000, 200000), 6);
        stop(sim);
    }
    std::printf("== CPU in real time (mote-board-sim, real-time pacing) ==\n");
    {
        Sim sim = launch({});
        const Result audio = stream(sim, 2, 16000, 16000 * 5);
        clean &= report("microphone 16 kHz, 5 s", audio, 1);
        reportCpu("microphone 16 kHz", audio);
        const Result imu = stream(sim, 1, 1000, 1000 * 5);
        clean &= report("imu 1 kHz, 5 s", imu, 6);
        reportCpu("imu 6-axis 1 kHz", imu);
        stop(sim);
    }
    return clean ? 0 : 1;
}
