#pragma once
// Where the CLI and the studio find what the build put beside it: the stock agent images
// boards boot without a model, and resources/ (trainer scripts, impulses).
#include <filesystem>

#include "firmware/board_profile.h"

namespace mote::app {

// Folder of the running executable (mote, mote-studio) ("" if unknown).
std::filesystem::path selfDir();

// The image a board boots when none is given: the stock agent firmware built
// beside this executable (build/bin/../firmware/<board>/mote-agent.elf), or
// the simulator binary beside it ("" when missing).
std::filesystem::path stockBoardImage(const firmware::BoardProfile& profile);

// resources/: $MOTE_RESOURCES_DIR, else next to an installed binary, else the source tree.
std::filesystem::path resourcesDir();

}  // namespace mote::app
