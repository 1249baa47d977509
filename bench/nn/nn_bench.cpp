// nn benchmark: host int8 inference time per shared model, MAC/s of the
// conv and fully-connected kernels, and arena vs lower bound vs TFLM's
// arena_used_bytes. Prints a table; not a pass/fail test.
// Usage: nn_bench [SHARED_DIR]   (default: the configured ../shared)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/kernels/conv.h"
#include "nn/kernels/fully_connected.h"
#include "nn/kernels/quant_util.h"
#include "nn/runtime/executor.h"
#include "nn/tflite/reader.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Runs f repeatedly for at least minSeconds; returns seconds per call.
template <typename F>
double timeIt(F&& f, double minSeconds = 0.5) {
    f();  // warm-up
    int n = 0;
    const auto t0 = Clock::now();
    do {
        f();
        ++n;
    } while (secondsSince(t0) < minSeconds);
    return secondsSince(t0) / n;
}

std::vector<uint8_t> readBytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void kernelThroughput() {
    std::vector<int8_t> in(48 * 48 * 32, 3), filter(64 * 3 * 3 * 32, -2), out(48 * 48 * 64);
    std::vector<int32_t> bias(64, 1), mult(64), shift(64);
    for (int i = 0; i < 64; ++i) mote::nn::kernels::quantizeMultiplier(0.0123, &mult[size_t(i)], &shift[size_t(i)]);
    mote::nn::kernels::ConvInt8Params p;
    p.window.padH = p.window.padW = 1;
    p.inputOffset = 5;
    p.multipliers = mult.data();
    p.shifts = shift.data();
    const mote::nn::kernels::Dims4 is{1, 48, 48, 32}, fs{64, 3, 3, 32}, os{1, 48, 48, 64};
    const double convMacs = double(os.elements()) * 9 * 32;
    const double tConv = timeIt([&] {
        mote::nn::kernels::convInt8(p, is, in.data(), fs, filter.data(), bias.data(), os, out.data());
    });
    std::printf("kernel conv2d int8 3x3 48x48x32->64: %.2f ms, %.1f MMAC/s\n", tConv * 1e3, convMacs / tConv / 1e6);

    std::vector<int8_t> fin(1024, 7), w(1024 * 512, -3), fout(512);
    std::vector<int32_t> fbias(512, 0);
    int32_t m;
    int s;
    mote::nn::kernels::quantizeMultiplier(0.004, &m, &s);
    mote::nn::kernels::FullyConnectedInt8Params fp;
    fp.inputOffset = 1;
    fp.multipliers = &m;
    fp.shifts = &s;
    const double tFc = timeIt([&] {
        mote::nn::kernels::fullyConnectedInt8(fp, 1, 1024, 512, fin.data(), w.data(), fbias.data(), fout.data());
    });
    std::printf("kernel fully_connected int8 1024->512: %.3f ms, %.1f MMAC/s\n", tFc * 1e3, 1024.0 * 512 / tFc / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string shared = argc > 1 ? argv[1] : MOTE_SHARED_DIR;
    kernelThroughput();
    std::ifstream indexFile(shared + "/golden/index.json");
    if (!indexFile) {
        std::printf("shared data not found at %s: model figures skipped\n", shared.c_str());
        return 0;
    }
    const auto index = nlohmann::json::parse(indexFile);
    std::printf("\n%-24s %10s %10s %12s %12s %12s %10s %8s\n", "model", "MACs", "ms/inf", "MMAC/s", "arena_B",
                "lower_bnd_B", "tflm_B", "arena/lb");
    for (const auto& entry : index["models"]) {
        const std::string name = entry["name"];
        auto model = mote::nn::readModelFile(shared + "/" + entry["model"].get<std::string>());
        if (!model) continue;
        auto ex = mote::nn::Executor::create(std::move(*model));
        if (!ex) {
            std::printf("%-24s unsupported: %s\n", name.c_str(), ex.message().c_str());
            continue;
        }
        auto& e = **ex;
        for (size_t i = 0; i < e.inputCount(); ++i) {
            auto bytes = readBytes(shared + "/golden/" + name + "/case_0_input_" + std::to_string(i) + ".bin");
            std::memcpy(e.inputData(i), bytes.data(), std::min(bytes.size(), e.inputTensor(i).bytes()));
        }
        const double t = timeIt([&] { e.invoke(); }, 0.3);
        const auto& plan = e.plan();
        std::printf("%-24s %10lld %10.3f %12.1f %12zu %12zu %10d %8.3f\n", name.c_str(), (long long)e.macs(), t * 1e3,
                    double(e.macs()) / t / 1e6, plan.arenaBytes, plan.lowerBoundBytes,
                    entry["arena_used_bytes"].get<int>(), double(plan.arenaBytes) / double(plan.lowerBoundBytes));
    }
    return 0;
}
