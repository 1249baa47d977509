#include "firmware/build_driver.h"

#include <regex>

#include "firmware/subprocess.h"

namespace mote::firmware {
namespace {

// Runs one step, splitting output into lines for the log and progress.
// Returns the first line that looks like an error (for the summary).
Status runStep(const char* step, const std::vector<std::string>& argv, const LogFn& log,
               const ProgressFn& progress, const std::atomic<bool>* cancel) {
    if (log)
        log("$ " + describeArgv(argv));
    SpawnOptions options;
    options.argv = argv;
    auto child = Subprocess::spawn(options);
    if (!child)
        return makeError(std::string(step) + " could not start: " + child.message());
    std::string pending, firstError;
    auto flushLines = [&](bool all) {
        size_t start = 0;
        for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
            std::string line = pending.substr(start, nl - start);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            BuildProgress p;
            if (progress && parseNinjaProgress(line, p))
                progress(p);
            if (firstError.empty() && (line.find("error:") != std::string::npos ||
                                       line.find("CMake Error") != std::string::npos ||
                                       line.find("undefined reference") != std::string::npos ||
                                       line.find("will not fit in region") != std::string::npos ||
                                       line.find("overflowed by") != std::string::npos))
                firstError = line;
            if (log)
                log(line);
        }
        pending.erase(0, start);
        if (all && !pending.empty()) {
            if (log)
                log(pending);
            pending.clear();
        }
    };
    while (child->readOutput(pending, std::chrono::milliseconds(100))) {
        flushLines(false);
        if (cancel && cancel->load()) {
            child->terminate(std::chrono::milliseconds(2000));
            return makeError(std::string(step) + " cancelled");
        }
    }
    flushLines(true);
    auto status = child->wait(std::chrono::seconds(30));
    if (!status) {
        child->terminate();
        return makeError(std::string(step) + " did not exit");
    }
    if (*status != 0)
        return makeError(std::string(step) + " failed (exit code " + std::to_string(*status) + ")" +
                         (firstError.empty() ? std::string(": see the build log") : ": " + firstError));
    return {};
}

}  // namespace

std::vector<std::string> configureArgv(const BuildRequest& request) {
    std::vector<std::string> argv = {request.cmakeProgram, "-S", request.sourceDir.string(), "-B",
                                     request.buildDir.string(), "-G", "Ninja",
                                     "-DCMAKE_BUILD_TYPE=" + request.buildType};
    if (!request.toolchainFile.empty())
        argv.push_back("-DCMAKE_TOOLCHAIN_FILE=" + request.toolchainFile.string());
    argv.insert(argv.end(), request.cacheArgs.begin(), request.cacheArgs.end());
    return argv;
}

std::vector<std::string> buildArgv(const BuildRequest& request) {
    std::vector<std::string> argv = {request.cmakeProgram, "--build", request.buildDir.string()};
    if (!request.target.empty()) {
        argv.push_back("--target");
        argv.push_back(request.target);
    }
    // Two cores are shared with the studio and the emulator.
    argv.push_back("-j");
    argv.push_back("2");
    return argv;
}

bool parseNinjaProgress(const std::string& line, BuildProgress& progress) {
    static const std::regex pattern(R"(^\[(\d+)/(\d+)\] )");
    std::smatch match;
    if (!std::regex_search(line, match, pattern))
        return false;
    progress.done = std::stoi(match[1].str());
    progress.total = std::stoi(match[2].str());
    return progress.total > 0 && progress.done <= progress.total;
}

Status runBuild(const BuildRequest& request, const LogFn& log, const ProgressFn& progress,
                const std::atomic<bool>* cancel) {
    std::error_code ec;
    if (!std::filesystem::exists(request.sourceDir / "CMakeLists.txt", ec))
        return makeError("no CMakeLists.txt in firmware project " + request.sourceDir.string());
    std::filesystem::create_directories(request.buildDir, ec);
    if (ec)
        return makeError("cannot create build folder " + request.buildDir.string() + ": " + ec.message());
    if (progress)
        progress({0, 0});
    if (auto configured = runStep("CMake configure", configureArgv(request), log, nullptr, cancel); !configured)
        return configured;
    return runStep("firmware build", buildArgv(request), log, progress, cancel);
}

}  // namespace mote::firmware
