#pragma once
// Deployment lineage: deployModel() with the attempt recorded in the
// project's SampleStore (firmware_builds + deployments rows hanging off the
// model row), and the deployment history read back for the CLI and GUI.
//
// Row life cycle of one attempt:
//   firmware_builds row (board, ELF path workDir/build/mote-agent.elf, settings;
//   its sha256 column stays "" because the store cannot update build rows:
//   the ELF SHA-256 is in the deployment detail's firmware_hash)
//   deployments row status "running" (detail: stage) as soon as the
//   pipeline starts, then exactly one of
//     "verified"  detail {model_hash, board_model_hash, firmware_hash, connection, seconds,
//                         flash_bytes, ram_bytes, arena_bytes, weights_bytes}
//     "failed"    detail {stage, reason, model_hash}      (stage = deployStageName of the step that failed)
//     "cancelled" detail {stage, reason}
// Earlier rows are never touched: a failed attempt leaves the previous
// verified deployment as it was, and lastVerifiedDeployment() still names it.
//
// Threads: runs on the caller's thread (the deploy takes 30-60 s); the store
// must not be used concurrently from another thread meanwhile (SQLite
// connection per thread rule of SampleStore). `cancel` may be set from any
// thread.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "dataset/sample_store.h"
#include "firmware/deploy.h"

namespace mote::firmware {

struct RecordedDeployment {
    DeployResult deploy;        // valid when status == "verified"
    int64_t firmwareBuildId = 0;
    int64_t deploymentId = 0;
    std::string status;         // "verified", "failed", "cancelled"
    std::string failedStage;    // deployStageName() of the failing step ("" when verified)
    std::string reason;         // the error message ("" when verified)
};

// Deploys `request` and records it against model row `modelId` (must
// exist). Returns a RecordedDeployment for every attempt that got far
// enough to be recorded — including failed ones (status "failed", reason):
// check `status`. Returns an error only when the store itself fails or
// `modelId` is unknown (then nothing was deployed).
Result<RecordedDeployment> deployAndRecord(dataset::SampleStore& store, int64_t modelId,
                                           const DeployRequest& request, const LogFn& log, const StageFn& stage,
                                           const std::atomic<bool>* cancel = nullptr);

// One row of the history, joined over deployments, firmware_builds, models.
struct DeploymentHistoryEntry {
    int64_t deploymentId = 0;
    int64_t firmwareBuildId = 0;
    int64_t modelId = 0;
    std::string modelKind;      // "float", "int8", ...
    std::string modelPath;      // relative to the project
    std::string modelHash;      // SHA-256 of the .tflite deployed ("" if unknown)
    std::string board;
    std::string firmwareHash;   // SHA-256 of the ELF ("" when the build failed)
    std::string status;         // "running", "verified", "failed", "cancelled"
    std::string stage;          // failing stage for failed/cancelled
    std::string reason;
    double seconds = 0;         // pipeline time of a verified deployment
    int64_t createdMs = 0;
    int64_t updatedMs = 0;
};

// Newest first.
Result<std::vector<DeploymentHistoryEntry>> deploymentHistory(const dataset::SampleStore& store);

// The newest verified deployment on `board` (any board when empty), if any.
Result<std::optional<DeploymentHistoryEntry>> lastVerifiedDeployment(const dataset::SampleStore& store,
                                                                     const std::string& board = {});

}  // namespace mote::firmware
