#pragma once
// Command lines (argv, no shell) for the flashing tools of real boards, and
// the UF2 drag-and-drop copy. Pure functions: tested against the tools'
// documented syntax; run with Subprocess by CommandFlasher.
#include <filesystem>
#include <string>
#include <vector>

#include "common/result.h"
#include "firmware/board_profile.h"

namespace mote::firmware {

struct FlashTarget {
    std::filesystem::path image;  // .elf / .bin / .hex / .uf2 as the profile's "image" says
    std::string port;             // serial device (bossac, esptool, avrdude) or UF2 drive folder
};

// openocd -f interface/<if>.cfg -f target/<t>.cfg -c "program <elf> verify reset exit"
Result<std::vector<std::string>> openocdArgv(const FlasherSpec& spec, const FlashTarget& target);
// bossac --port=<port> -e -w -v -b -R [--offset=<address>] <bin>
Result<std::vector<std::string>> bossacArgv(const FlasherSpec& spec, const FlashTarget& target);
// dfu-util -a 0 [-d vid:pid] -s <address>:leave -D <bin>
Result<std::vector<std::string>> dfuUtilArgv(const FlasherSpec& spec, const FlashTarget& target,
                                             const std::vector<UsbId>& usb);
// esptool.py --chip <chip> --port <port> --baud 921600 write_flash <address> <bin>
Result<std::vector<std::string>> esptoolArgv(const FlasherSpec& spec, const FlashTarget& target);
// picotool load -x <uf2|elf> -f
Result<std::vector<std::string>> picotoolArgv(const FlasherSpec& spec, const FlashTarget& target);
// avrdude -p <part> -c <programmer> -P <port> [-b <baud>] -D -U flash:w:<hex>:i
Result<std::vector<std::string>> avrdudeArgv(const FlasherSpec& spec, const FlashTarget& target);

// The argv for any command-line driver of `profile` (not qemu/host/uf2).
Result<std::vector<std::string>> flashArgv(const BoardProfile& profile, const FlashTarget& target);

// UF2 copy: checks `driveDir` is a UF2 bootloader drive (INFO_UF2.TXT) and
// copies the image into it. The board reboots by itself when the copy ends.
Status copyUf2(const std::filesystem::path& image, const std::filesystem::path& driveDir);

}  // namespace mote::firmware
