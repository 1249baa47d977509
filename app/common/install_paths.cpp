#include "install_paths.h"

#include <unistd.h>

#include <cstdlib>

namespace mote::app {

std::filesystem::path selfDir() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : self.parent_path();
}

std::filesystem::path stockBoardImage(const firmware::BoardProfile& profile) {
    if (profile.flasher.driver == "host") {
        const auto beside = selfDir() / profile.flasher.program;
        return ::access(beside.c_str(), X_OK) == 0 ? beside : std::filesystem::path();
    }
    return selfDir().parent_path() / "firmware" / profile.name / "mote-agent.elf";
}

std::filesystem::path resourcesDir() {
    if (const char* env = std::getenv("MOTE_RESOURCES_DIR"); env && *env)
        return env;
    const auto installed = selfDir().parent_path() / "share" / "mote" / "resources";
    std::error_code ec;
    if (std::filesystem::exists(installed / "trainers", ec))
        return installed;
    return std::filesystem::path(MOTE_SOURCE_DIR) / "resources";
}

}  // namespace mote::app
