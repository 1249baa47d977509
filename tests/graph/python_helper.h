#pragma once
// Runs Debian's /usr/bin/python3 (the one that can import torch and numpy)
// from tests, capturing stdout. Test-only: arguments are single-quoted for sh.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace mote::test {

inline const char* kSystemPython = "/usr/bin/python3";

struct PythonResult {
    int exitCode = -1;
    std::string out;
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}

inline PythonResult runPython(const std::vector<std::string>& args) {
    std::string cmd = kSystemPython;
    for (const auto& a : args) cmd += " " + shellQuote(a);
    PythonResult r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace mote::test
