// The studio's own model on the emulated board, end to end: a project
// trained by the real trainer on the simulated IMU (tests/train's shared
// trained project), quantized to int8, then
//   1. on-device evaluation: every test window through the board and the
//      host int8 executor with the same input bytes -> 100% agreement;
//   2. live inference on the same firmware (the impulse came with the
//      model's metadata): the board samples its IMU, runs the DSP + model
//      and streams InferenceResults with cycles; `mote live --json` prints them.
// One firmware build.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../device/run_process.h"
#include "../train/trained_motion_project.h"
#include "device/device_session.h"
#include "device/live_inference.h"
#include "firmware/on_device_eval.h"
#include "train/project_quantization.h"

using namespace std::chrono_literals;
using namespace mote;
namespace fs = std::filesystem;

TEST(QemuOnDevice, EvaluationMatchesHostOnEveryWindowAndLiveInferenceStreams) {
    const auto dir = test::trainedMotionProjectCopy("on-device");
    auto project = project::Project::open(dir);
    ASSERT_TRUE(project) << project.message();
    auto quant = train::quantizeRun(*project, {});
    ASSERT_TRUE(quant) << quant.message();

    const fs::path work = fs::temp_directory_path() / ("mote-on-device-" + std::to_string(::getpid()));
    fs::create_directories(work);
    auto profile = firmware::findBoardProfile(test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
    ASSERT_TRUE(profile) << profile.message();
    firmware::OnDeviceEvalOptions options;
    options.board = *profile;
    options.flasher.stateDir = work / "state";
    options.workDir = work / "fw";
    size_t lastDone = 0;
    auto report = firmware::evaluateOnDevice(*project, options, nullptr,
                                             [&](size_t done, size_t) { lastDone = done; });
    ASSERT_TRUE(report) << report.message();
    const auto& r = *report;
    std::printf("[ figures ] on-device evaluation on qemu-mps2-an386: %zu windows, device %.2f%%, host int8 %.2f%%, "
                "agreement %.2f%%, %.0f cycles/inference (%.0f instructions), %.1f s\n",
                r.windows, r.deviceAccuracy * 100, r.hostInt8Accuracy * 100, r.deviceMatchesHost * 100,
                r.cyclesPerInference, r.cyclesPerInference * 40, r.seconds);
    EXPECT_TRUE(r.deployed);
    EXPECT_EQ(r.windows, static_cast<size_t>(quant->evaluatedWindows));
    EXPECT_EQ(lastDone, r.windows);
    EXPECT_EQ(r.deviceMatchesHost, 1.0);
    EXPECT_TRUE(r.mismatches.empty());
    EXPECT_EQ(r.confusionDevice, r.confusionHost);
    EXPECT_DOUBLE_EQ(r.hostInt8Accuracy, quant->int8Accuracy) << "same host int8 prediction as the quantizer's report";
    EXPECT_GT(r.cyclesPerInference, 100.0);
    // -icount makes the model itself deterministic; UART/SysTick interrupts
    // landing inside the measurement add a few ticks.
    EXPECT_LE(static_cast<double>(r.maxCycles - r.minCycles), 0.1 * r.cyclesPerInference);
    const auto j = firmware::onDeviceEvalToJson(r);
    for (const char* key : {"windows", "device_accuracy", "host_int8_accuracy", "device_matches_host", "mismatches",
                            "confusion_device", "confusion_host", "cycles_per_inference"})
        EXPECT_TRUE(j.contains(key)) << key;

    // Live inference on the same board (it now carries the model + impulse).
    auto running = firmware::findRunningBoard(options.flasher.stateDir, profile->name);
    ASSERT_TRUE(running.has_value());
    {
        std::mutex mutex;
        device::LiveInference live(quant->labels);
        device::SessionCallbacks callbacks;
        callbacks.onInference = [&](const protocol::InferenceResultMessage& m) { live.push(m); };
        uint64_t samples = 0;
        callbacks.onSamples = [&](const device::SampleBatch& b) {
            std::lock_guard lock(mutex);
            samples += b.sampleCount();
        };
        device::SessionOptions sessionOptions;
        sessionOptions.handshakeTimeout = 2000ms;  // an emulated board on a loaded machine answers slowly
        sessionOptions.handshakeAttempts = 5;
        device::DeviceSession session(running->connectionPath, sessionOptions, callbacks);
        ASSERT_TRUE(session.start());
        auto caps = session.waitConnected(15s);
        ASSERT_TRUE(caps) << caps.message();
        ASSERT_TRUE(caps->model.has_value());
        EXPECT_EQ(caps->model->labels, quant->labels);
        auto started = device::startLiveInference(session, "imu", 0);
        ASSERT_TRUE(started) << started.message();
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (live.count() < 4 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(50ms);
        ASSERT_TRUE(device::stopLiveInference(session));
        const auto results = live.drain();
        ASSERT_GE(results.size(), 4u) << "live inference results within 20 s";
        for (const auto& x : results) {
            EXPECT_EQ(x.scores.size(), quant->labels.size());
            float sum = 0;
            for (float s : x.scores) sum += s;
            EXPECT_NEAR(sum, 1.0f, 0.05f) << "softmax scores";
            EXPECT_GT(x.dspCycles, 0u);
            EXPECT_GT(x.modelCycles, 0u);
            EXPECT_NEAR(static_cast<double>(x.modelCycles), static_cast<double>(results.front().modelCycles),
                        0.1 * static_cast<double>(results.front().modelCycles))
                << "deterministic under -icount, up to interrupts";
        }
        EXPECT_GT(results.back().boardTimestampUs, results.front().boardTimestampUs);
        {
            // Not held across session.stop(): the reader thread may still be
            // delivering a late chunk to onSamples, and stop() joins it.
            std::lock_guard lock(mutex);
            EXPECT_GE(samples, 200u) << "the signal streams with the results (2 s window at 100 Hz)";
        }
        std::printf("[ figures ] live inference on qemu-mps2-an386: dsp %llu cycles, model %llu cycles per window\n",
                    static_cast<unsigned long long>(results.back().dspCycles),
                    static_cast<unsigned long long>(results.back().modelCycles));
        session.stop();
    }
    // The CLI prints the same as JSON lines.
    ::setenv("MOTE_STATE_DIR", options.flasher.stateDir.c_str(), 1);
    auto cli = test::runProcess(MOTE_CLI_PATH, {"live", "--board", "qemu-mps2-an386", "--seconds", "4", "--json"}, 60s);
    ::unsetenv("MOTE_STATE_DIR");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    std::istringstream lines(cli.out);
    int count = 0;
    for (std::string line; std::getline(lines, line);) {
        auto j2 = nlohmann::json::parse(line);
        EXPECT_EQ(j2["scores"].size(), quant->labels.size());
        EXPECT_TRUE(j2.contains("smoothed"));
        EXPECT_GT(j2["model_cycles"].get<uint64_t>(), 0u);
        ++count;
    }
    EXPECT_GE(count, 2);
    (void)firmware::stopRunningBoard(options.flasher.stateDir, profile->name);
    fs::remove_all(work);
}
