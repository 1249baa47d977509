// Deployment lineage on the emulated board (firmware/deploy_lineage.h): a
// verified deployment, then four failures — build failure, flasher failure,
// an emulator that dies at start, a board that comes back with the wrong
// model hash — each recorded as "failed" with its stage and a clear reason,
// while the previous verified deployment stays exactly as it was. One
// firmware build in total (later attempts reuse the build folder).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "common/shared_dir.h"
#include "firmware/deploy_lineage.h"
#include "project/project.h"

using namespace mote;
using namespace mote::firmware;
namespace fs = std::filesystem;

namespace {

void writeScript(const fs::path& path, const std::string& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
}

}  // namespace

TEST(QemuLineage, FailuresAreRecordedAndLeaveThePreviousVerifiedDeploymentAsItWas) {
    MOTE_REQUIRE_SHARED("models/tflm/hello_world_int8.tflite");
    const fs::path work = fs::temp_directory_path() / ("mote-lineage-" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    auto project = project::Project::create(work / "project", "lineage");
    ASSERT_TRUE(project) << project.message();
    auto& store = project->store();
    auto impulse = store.addImpulseConfig("default", "{}");
    ASSERT_TRUE(impulse) << impulse.message();
    auto run = store.addTrainingRun(*impulse, "v1", "{}");
    ASSERT_TRUE(run) << run.message();
    auto modelId = store.addModel(*run, "int8", "models/hello_world_int8.tflite", "sha");
    ASSERT_TRUE(modelId) << modelId.message();

    auto profile = findBoardProfile(test::sourceDir() / "templates" / "boards", "qemu-mps2-an386");
    ASSERT_TRUE(profile) << profile.message();
    DeployRequest request;
    request.model = test::sharedDir() / "models/tflm/hello_world_int8.tflite";
    request.board = *profile;
    request.workDir = work / "fw";
    request.flasher.stateDir = work / "state";

    // 1. A verified deployment.
    auto ok = deployAndRecord(store, *modelId, request, nullptr, nullptr);
    ASSERT_TRUE(ok) << ok.message();
    ASSERT_EQ(ok->status, "verified") << ok->reason;
    auto before = deploymentHistory(store);
    ASSERT_TRUE(before);
    ASSERT_EQ(before->size(), 1u);
    const DeploymentHistoryEntry verified = before->front();
    EXPECT_EQ(verified.firmwareHash, ok->deploy.firmwareHash);
    EXPECT_EQ(verified.modelHash, ok->deploy.model.hash);
    EXPECT_EQ(verified.board, "qemu-mps2-an386");

    auto expectFailed = [&](const RecordedDeployment& r, const std::string& stage, const std::string& reasonPart) {
        EXPECT_EQ(r.status, "failed");
        EXPECT_EQ(r.failedStage, stage) << r.reason;
        EXPECT_NE(r.reason.find(reasonPart), std::string::npos) << r.reason;
        auto history = deploymentHistory(store);
        ASSERT_TRUE(history);
        EXPECT_EQ(history->front().deploymentId, r.deploymentId);
        EXPECT_EQ(history->front().status, "failed");
        EXPECT_EQ(history->front().stage, stage);
        EXPECT_EQ(history->front().reason, r.reason);
        auto last = lastVerifiedDeployment(store, "qemu-mps2-an386");
        ASSERT_TRUE(last);
        ASSERT_TRUE(last->has_value());
        EXPECT_EQ((*last)->deploymentId, verified.deploymentId);
        EXPECT_EQ((*last)->updatedMs, verified.updatedMs) << "the verified row must not change";
        EXPECT_EQ((*last)->firmwareHash, verified.firmwareHash);
        EXPECT_EQ((*last)->status, "verified");
    };

    // 2. Build failure (a toolchain file that does not exist).
    {
        DeployRequest bad = request;
        bad.workDir = work / "fw-badtool";
        bad.board.toolchain.cmakeToolchainFile = "cmake/no-such-toolchain.cmake";
        auto r = deployAndRecord(store, *modelId, bad, nullptr, nullptr);
        ASSERT_TRUE(r) << r.message();
        expectFailed(*r, "build", "");
    }
    // 3. Flasher failure (the emulator program is missing).
    {
        DeployRequest bad = request;
        bad.board.flasher.program = (work / "no-such-qemu").string();
        auto r = deployAndRecord(store, *modelId, bad, nullptr, nullptr);
        ASSERT_TRUE(r) << r.message();
        expectFailed(*r, "flash", "flashing failed");
    }
    // 4. The emulator dies right after it starts.
    {
        writeScript(work / "dying-qemu", "echo 'qemu: simulated crash' >&2\nexit 3");
        DeployRequest bad = request;
        bad.board.flasher.program = (work / "dying-qemu").string();
        auto r = deployAndRecord(store, *modelId, bad, nullptr, nullptr);
        ASSERT_TRUE(r) << r.message();
        expectFailed(*r, "flash", "flashing failed");
    }
    // 5. The board comes back running another firmware (stock agent, no model).
    {
        writeScript(work / "wrong-qemu",
                    "args=''\nfor a in \"$@\"; do case \"$a\" in *.elf) a='" MOTE_QEMU_FIRMWARE_ELF "';; esac; "
                    "args=\"$args '$a'\"; done\neval exec qemu-system-arm $args");
        DeployRequest bad = request;
        bad.board.flasher.program = (work / "wrong-qemu").string();
        auto r = deployAndRecord(store, *modelId, bad, nullptr, nullptr);
        ASSERT_TRUE(r) << r.message();
        expectFailed(*r, "verify", "reports model hash '(none)'");
    }
    auto history = deploymentHistory(store);
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), 5u);
    (void)stopRunningBoard(request.flasher.stateDir, "qemu-mps2-an386");
    fs::remove_all(work);
}
