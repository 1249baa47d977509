#pragma once
// Board profiles: templates/boards/<name>.json describes a board (MCU, core,
// clock, memory, sensors, toolchain, flasher, USB ids). Adding a real board
// means adding a profile and its port; no code here changes. Profiles are
// plain values, safe to copy across threads.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::firmware {

struct BoardSensor {
    std::string name;
    std::vector<std::string> axes;
    std::vector<double> ratesHz;
};

struct UsbId {
    uint16_t vid = 0;
    uint16_t pid = 0;
};

struct ToolchainSpec {
    std::string kind;                 // "arm-none-eabi", "host", ...
    std::string cmakeToolchainFile;   // relative to the source root; empty for host
    std::string sizeProgram;          // "arm-none-eabi-size"
    std::vector<std::string> flags;
};

struct FlasherSpec {
    std::string driver;               // "qemu", "host", "openocd", "bossac", "dfu-util", "esptool", "uf2", "picotool", "avrdude"
    std::string program;              // executable to run
    std::string machine;              // qemu: -M value
    std::vector<std::string> args;    // extra arguments
    std::string target;               // openocd target cfg, esptool chip, avrdude part...
    std::string interface;            // openocd interface cfg, avrdude programmer
    std::string address;              // flash address for esptool/dfu-util ("0x08000000")
};

struct BoardProfile {
    std::string name;
    std::string displayName;
    std::string vendor;
    std::string mcu;
    std::string core;
    uint32_t clockHz = 0;
    uint64_t ramBytes = 0;
    uint64_t flashBytes = 0;
    bool emulated = false;
    std::string timingNote;
    std::vector<BoardSensor> sensors;
    ToolchainSpec toolchain;
    std::string port;                 // firmware port folder, relative to the source root
    std::string image;                // "elf", "bin", "hex", "uf2", "executable"
    std::string buildOutput;          // image file the port's project builds (default "mote-agent.elf")
    FlasherSpec flasher;
    std::string connectionKind;       // "pty", "serial"
    std::vector<UsbId> usb;
    std::filesystem::path sourceFile; // where it was loaded from

    const BoardSensor* findSensor(const std::string& sensorName) const;
};

// Parses one profile; errors name the file and the offending field.
Result<BoardProfile> parseBoardProfile(const std::string& jsonText, const std::string& origin);
Result<BoardProfile> loadBoardProfile(const std::filesystem::path& file);
// Every *.json in `dir`, sorted by name; a bad file fails the whole load
// with its name (a silently missing board would be worse).
Result<std::vector<BoardProfile>> loadBoardProfiles(const std::filesystem::path& dir);
// The profile called `name` in `dir`; the error lists the known boards.
Result<BoardProfile> findBoardProfile(const std::filesystem::path& dir, const std::string& name);

// templates/boards of this source tree (MOTE_BOARDS_DIR overrides).
std::filesystem::path defaultBoardsDir();
// The source root the profiles' relative paths refer to (MOTE_SOURCE_ROOT overrides).
std::filesystem::path sourceRoot();

}  // namespace mote::firmware
