// bench_device_link: how fast the host side takes samples from a board over
// a pty, with the real mote-board-sim.
//  1. Sustained maximum: the simulator in --fast mode sends as fast as the
//     host reads; a long fixed-length recording per sensor, checked for 0
//     lost samples/frames. Reports bytes/s and samples/s.
//  2. Host CPU in real time: the simulator paced at the declared rate; host
//     CPU (getrusage, this process = session worker + consumer) per
//     1,000 samples/s of stream.
// Usage: bench_device_link [--seconds N] (real-time phase length, default 5)
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "device/device_session.h"
#include "device/sim_process.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using mote::device::DeviceSession;

namespace {

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct Run {
    bool ok = false;
    double wall = 0, cpu = 0;
    uint64_t samples = 0, bytes = 0, lostSamples = 0, dropped = 0, overrun = 0;
};

Run record(bool fast, const char* sensor, float rate, uint32_t length) {
    Run run;
    std::vector<std::string> args;
    if (fast)
        args.push_back("--fast");
    mote::test::SimProcess sim(args);
    if (!sim.ok()) {
        std::fprintf(stderr, "cannot start mote-board-sim\n");
        return run;
    }
    std::atomic<bool> last{false};
    std::atomic<uint64_t> samples{0};
    mote::device::SessionCallbacks cb;
    cb.onSamples = [&](const mote::device::SampleBatch& b) {
        samples += b.sampleCount();
        if (b.last)
            last = true;
    };
    DeviceSession session(sim.pty(), {}, cb);
    if (!session.start().ok() || !session.waitConnected(3s).ok()) {
        std::fprintf(stderr, "handshake failed: %s\n", session.lastError().c_str());
        return run;
    }
    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    if (!session.startSampling(sensor, rate, length).ok())
        return run;
    const auto deadline = t0 + std::chrono::seconds(600);
    while (!last && Clock::now() < deadline && session.state() == mote::device::SessionState::Connected)
        std::this_thread::sleep_for(1ms);
    run.wall = std::chrono::duration<double>(Clock::now() - t0).count();
    run.cpu = cpuSeconds() - cpu0;
    auto c = session.counters();
    run.samples = samples;
    run.bytes = c.bytes;
    run.lostSamples = c.lostSamples;
    run.dropped = c.droppedFrames();
    run.overrun = c.boardOverrunSamples;
    run.ok = last && run.samples == length;
    session.stop();
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 5;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--seconds") == 0)
            seconds = std::atof(argv[i + 1]);

    std::printf("== sustained maximum over a pty (simulator --fast, host reads as fast as it can)\n");
    std::printf("%-11s %8s %10s %12s %14s %10s %6s %6s\n", "sensor", "axes", "samples", "MB/s", "samples/s",
                "values/s", "lost", "ok");
    struct Max {
        const char* sensor;
        float rate;
        uint32_t length;
        int axes;
    };
    for (const Max& m : {Max{"microphone", 16000, 4000000, 1}, Max{"imu", 1000, 1000000, 6}}) {
        Run r = record(true, m.sensor, m.rate, m.length);
        std::printf("%-11s %8d %10llu %12.2f %14.0f %10.0f %6llu %6s\n", m.sensor, m.axes,
                    static_cast<unsigned long long>(r.samples), r.bytes / r.wall / 1e6, r.samples / r.wall,
                    r.samples * m.axes / r.wall, static_cast<unsigned long long>(r.lostSamples + r.dropped + r.overrun),
                    r.ok ? "yes" : "NO");
    }

    std::printf("\n== host CPU in real time (%.0f s per stream; this process: session thread + consumer)\n", seconds);
    std::printf("%-11s %8s %10s %10s %14s %20s %6s\n", "sensor", "rate", "samples", "cpu %", "KB/s", "cpu ms/s per 1k sps",
                "lost");
    struct Rt {
        const char* sensor;
        float rate;
    };
    for (const Rt& rt : {Rt{"microphone", 16000}, Rt{"imu", 1000}}) {
        const auto length = static_cast<uint32_t>(rt.rate * seconds);
        Run r = record(false, rt.sensor, rt.rate, length);
        const double cpuPerSec = r.cpu / r.wall;               // CPU seconds per wall second
        const double perK = cpuPerSec * 1000.0 / (rt.rate / 1000.0);  // ms CPU per s, per 1k samples/s
        std::printf("%-11s %8.0f %10llu %10.2f %14.1f %20.3f %6llu\n", rt.sensor, rt.rate,
                    static_cast<unsigned long long>(r.samples), 100.0 * cpuPerSec, r.bytes / r.wall / 1e3, perK,
                    static_cast<unsigned long long>(r.lostSamples + r.dropped + r.overrun));
    }
    return 0;
}
