#pragma once
// Exports a generated firmware project as a standalone folder a user can
// build elsewhere (only CMake + the board's toolchain needed): the generated
// model/impulse sources, copies of exactly the agent, protocol, DSP, kernel
// and port sources the firmware compiles, the toolchain file, a top-level
// CMakeLists.txt and a README; optionally zipped (python3 -m zipfile, argv,
// no shell). Layout mirrors the repository so the port's CMakeLists works
// unchanged:
//   DIR/CMakeLists.txt, README.md, generated/mote_model.{h,cpp},
//   core/{protocol,dsp,nn/kernels}/..., device_agent/core/{agent,sim,inference}/...,
//   device_agent/ports/<port>/..., cmake/<toolchain>.cmake
// Pure file work on the caller's thread; errors name the file.
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/board_profile.h"

namespace mote::firmware {

struct FirmwareExportRequest {
    std::filesystem::path generatedDir;   // folder with mote_model.h/.cpp (deploy's workDir/generated)
    BoardProfile board;
    std::filesystem::path outputDir;      // created; must not exist or be empty
    std::filesystem::path zipFile;        // optional: also write this .zip of outputDir
};

struct FirmwareExportResult {
    std::vector<std::filesystem::path> files;  // relative to outputDir
    std::filesystem::path zip;                 // empty when not asked
};

Result<FirmwareExportResult> exportFirmwareProject(const FirmwareExportRequest& request);

}  // namespace mote::firmware
