#pragma once
// Names of the simulated boards' motion patterns (idle, wave, circle, shake,
// updown) for logs, the CLI and the simulator's options. Portable (no heap,
// no exceptions): the host simulator port compiles it as firmware does.
#include <optional>
#include <string_view>

#include "mote_protocol_generated.h"

namespace mote::protocol {

const char* motionPatternName(wire::MotionPattern pattern);
std::optional<wire::MotionPattern> motionPatternFromName(std::string_view name);

}  // namespace mote::protocol
