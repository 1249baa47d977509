#pragma once
// Identity of this build, reported in Capabilities. The build system passes
// the values (MOTE_BOARD_*); the defaults describe the stock agent firmware.
#include <cstdint>

#ifndef MOTE_BOARD_NAME
#define MOTE_BOARD_NAME "qemu-mps2-an386"
#endif
#ifndef MOTE_FIRMWARE_VERSION
#define MOTE_FIRMWARE_VERSION "0.1.0"
#endif
#ifndef MOTE_DEVICE_ID
#define MOTE_DEVICE_ID "qemu-an386-0"
#endif
#ifndef MOTE_DEVICE_SEED
#define MOTE_DEVICE_SEED 0x4d4f5445u
#endif

namespace mote::board {
constexpr const char* kName = MOTE_BOARD_NAME;
constexpr const char* kFirmwareVersion = MOTE_FIRMWARE_VERSION;
constexpr const char* kDeviceId = MOTE_DEVICE_ID;
constexpr uint32_t kDeviceSeed = MOTE_DEVICE_SEED;
// Data and code SSRAM of the an386 image (4 MB each).
constexpr uint32_t kRamBytes = 4u * 1024u * 1024u;
constexpr uint32_t kFlashBytes = 4u * 1024u * 1024u;
}  // namespace mote::board
