#pragma once
// Finding a Python interpreter that can import torch. On Debian machines the
// `python3` on PATH may be a separately installed interpreter without
// Debian's python3-torch, so PATH is not trusted blindly: the configured
// interpreter is tried first, then `python3`, then `/usr/bin/python3`; the
// first that can `import torch, numpy` wins.
#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::train {

inline constexpr const char* kTorchMissingMessage =
    "PyTorch not found: install Debian package python3-torch (apt-get install python3-torch)";

// Candidates in the order they are tried (configured first when not empty).
std::vector<std::string> pythonCandidates(const std::string& configured);

// Runs `<candidate> -c "import torch, numpy"` for each candidate until one
// succeeds (each check takes ~1.2 s: torch's import time). Returns the
// interpreter, or an error with kTorchMissingMessage listing what was tried.
// A configured interpreter that fails is reported by name, not skipped silently.
Result<std::string> findTorchPython(const std::string& configured = {},
                                    std::chrono::milliseconds perCandidateLimit = std::chrono::seconds(60));

// As findTorchPython, over an explicit candidate list (tests use fake interpreters).
Result<std::string> firstTorchPython(const std::vector<std::string>& candidates, const std::string& configured,
                                     std::chrono::milliseconds perCandidateLimit = std::chrono::seconds(60));

}  // namespace mote::train
