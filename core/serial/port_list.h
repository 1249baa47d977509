#pragma once
// Serial port discovery through libserialport. Pseudo-terminals are never
// listed (libserialport does not see them); callers probe them by path.
// Thread-safe (no shared state).
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace mote::serial {

struct PortInfo {
    std::string name;          // path to open, e.g. /dev/ttyACM0
    std::string description;   // libserialport's human description
    std::string transport;     // "usb", "bluetooth", "native", "pty"
    std::optional<int> usbVid;
    std::optional<int> usbPid;
    std::string usbSerial;
    std::string manufacturer;
    std::string product;
};

Result<std::vector<PortInfo>> listPorts();

// Info for a path given by the user (pty or real port) without listing.
PortInfo describePath(const std::string& path);

}  // namespace mote::serial
