#pragma once
// Locating ../shared for tests. MOTE_SHARED_DIR in the environment overrides
// the path baked in at configure time. Tests that need it skip LOUDLY when
// it is absent (the message names the path), never silently.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace mote::test {

inline std::filesystem::path sharedDir() {
    if (const char* env = std::getenv("MOTE_SHARED_DIR"); env && *env)
        return env;
    return MOTE_SHARED_DIR;
}

inline std::filesystem::path sourceDir() { return MOTE_SOURCE_DIR; }
inline std::filesystem::path binaryDir() { return MOTE_BINARY_DIR; }

}  // namespace mote::test

#define MOTE_REQUIRE_SHARED(relative)                                                         \
    do {                                                                                      \
        const auto mote_shared_path_ = ::mote::test::sharedDir() / (relative);               \
        if (!std::filesystem::exists(mote_shared_path_)) {                                    \
            std::fprintf(stderr, "\n*** SKIPPED: shared reference data missing at %s ***\n", \
                         mote_shared_path_.string().c_str());                                 \
            GTEST_SKIP() << "shared reference data missing at " << mote_shared_path_;         \
        }                                                                                     \
    } while (0)
