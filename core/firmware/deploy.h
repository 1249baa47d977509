#pragma once
// One deployment of a .tflite to a board: generate -> fit check (estimate)
// -> build -> fit check (measured) -> flash -> handshake -> verify that the
// board reports exactly the model hash just built. Every failure says which
// step failed and why; a model too big for the board is refused before
// anything is flashed, with the size report. Runs on the caller's thread;
// `cancel` may be set from another thread.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/board_profile.h"
#include "firmware/build_driver.h"
#include "firmware/flasher.h"
#include "firmware/model_codegen.h"
#include "firmware/size_report.h"

namespace mote::firmware {

struct DeployRequest {
    std::filesystem::path model;          // .tflite (int8)
    std::string modelId;                  // defaults to the file stem
    std::vector<std::string> labels;
    BoardProfile board;
    std::filesystem::path workDir;        // generated project + build folder
    std::vector<uint8_t> selfTestInput;   // optional: board runs it at boot (see model_codegen.h)
    FlasherOptions flasher;
    std::string port;                     // for real boards
    // Link the board's prebuilt agent/DSP/kernel libraries when the studio's
    // build made them (see prebuiltFirmwareLibraries); off = compile everything.
    bool usePrebuiltLibraries = true;
};

// The libraries a stock firmware build of `board` exported
// (<root>/<board>/mote-firmware-libs.cmake, root: $MOTE_FIRMWARE_PREBUILT_DIR,
// else the studio build's firmware/ folder), or empty when there are none.
std::filesystem::path prebuiltFirmwareLibraries(const BoardProfile& board);

enum class DeployStage { Generate, FitEstimate, Build, FitMeasured, Flash, Verify, Done };
const char* deployStageName(DeployStage stage);

struct DeployResult {
    GeneratedModel model;
    MemoryUsage usage;          // measured from the ELF
    FitReport fit;
    std::filesystem::path elf;
    std::string firmwareHash;   // SHA-256 of the ELF
    std::string connectionPath;
    std::string boardReportedHash;
    double seconds = 0;         // whole pipeline
};

using StageFn = std::function<void(DeployStage stage, int percent)>;

Result<DeployResult> deployModel(const DeployRequest& request, const LogFn& log, const StageFn& stage,
                                 const std::atomic<bool>* cancel = nullptr);

// Estimated usage before building: measured agent baseline + generated parts.
MemoryUsage estimateUsage(const GeneratedModel& model);

// Hello -> Capabilities on `path`; returns the model hash the board reports
// ("" when it carries no model).
Result<std::string> readBoardModelHash(const std::string& path, std::chrono::milliseconds timeout,
                                       std::string* boardName = nullptr);

}  // namespace mote::firmware
