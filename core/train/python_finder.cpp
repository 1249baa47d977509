#include "train/python_finder.h"

#include <algorithm>

#include "train/process_runner.h"

namespace mote::train {

std::vector<std::string> pythonCandidates(const std::string& configured) {
    std::vector<std::string> out;
    if (!configured.empty()) out.push_back(configured);
    for (const char* c : {"python3", "/usr/bin/python3"})
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    return out;
}

Result<std::string> findTorchPython(const std::string& configured, std::chrono::milliseconds perCandidateLimit) {
    return firstTorchPython(pythonCandidates(configured), configured, perCandidateLimit);
}

Result<std::string> firstTorchPython(const std::vector<std::string>& candidates, const std::string& configured,
                                     std::chrono::milliseconds perCandidateLimit) {
    std::string tried;
    for (const auto& candidate : candidates) {
        ProcessRunner runner;
        ProcessOptions options;
        options.argv = {candidate, "-c", "import torch, numpy"};
        options.timeLimit = perCandidateLimit;
        auto outcome = runner.run(options, {});
        std::string why;
        if (!outcome) {
            why = outcome.message();
        } else if (outcome->succeeded()) {
            return candidate;
        } else {
            // Keep the last stderr line: "No module named 'torch'" is the useful part.
            const std::string& log = outcome->log;
            size_t end = log.find_last_not_of('\n');
            size_t start = end == std::string::npos ? std::string::npos : log.rfind('\n', end);
            why = end == std::string::npos ? outcome->describe()
                                           : log.substr(start == std::string::npos ? 0 : start + 1,
                                                        end - (start == std::string::npos ? 0 : start + 1) + 1);
            if (why.rfind("stderr: ", 0) == 0) why.erase(0, 8);
        }
        tried += (tried.empty() ? "" : "; ") + candidate + ": " + why;
        if (candidate == configured)
            return makeError("the configured Python interpreter " + configured + " cannot import torch (" + why +
                             "). " + kTorchMissingMessage + ", or set trainer.python to an interpreter that has it");
    }
    return makeError(std::string(kTorchMissingMessage) + " (tried " + tried + ")");
}

}  // namespace mote::train
