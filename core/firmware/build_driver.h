#pragma once
// Builds a firmware project with CMake + Ninja (argv lists, never a shell):
// configure with the board's toolchain file, build, and report progress
// parsed from Ninja's "[done/total]" lines while streaming every output line
// to the log. Cancellable from another thread through the atomic flag.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/flasher.h"

namespace mote::firmware {

struct BuildRequest {
    std::filesystem::path sourceDir;
    std::filesystem::path buildDir;
    std::filesystem::path toolchainFile;       // empty: host compiler
    std::vector<std::string> cacheArgs;        // extra -D... arguments
    std::string target;                        // empty: default target
    std::string buildType = "RelWithDebInfo";
    std::string cmakeProgram = "cmake";
};

struct BuildProgress {
    int done = 0;
    int total = 0;  // 0 while unknown (configure step)
};
using ProgressFn = std::function<void(const BuildProgress&)>;

// The two command lines (tested).
std::vector<std::string> configureArgv(const BuildRequest& request);
std::vector<std::string> buildArgv(const BuildRequest& request);
// Parses "[12/40] Building CXX object ..." -> {12, 40}; false for other lines.
bool parseNinjaProgress(const std::string& line, BuildProgress& progress);

// Runs configure then build. A failure names the step and quotes the first
// compiler/linker error line; `cancel` stops the running tool.
Status runBuild(const BuildRequest& request, const LogFn& log, const ProgressFn& progress,
                const std::atomic<bool>* cancel = nullptr);

}  // namespace mote::firmware
