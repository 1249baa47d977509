#include "protocol/motion_patterns.h"

namespace mote::protocol {

const char* motionPatternName(wire::MotionPattern pattern) {
    switch (pattern) {
    case wire::MotionPattern::Idle: return "idle";
    case wire::MotionPattern::Wave: return "wave";
    case wire::MotionPattern::Circle: return "circle";
    case wire::MotionPattern::Shake: return "shake";
    case wire::MotionPattern::UpDown: return "updown";
    }
    return "unknown";
}

std::optional<wire::MotionPattern> motionPatternFromName(std::string_view name) {
    for (auto p : {wire::MotionPattern::Idle, wire::MotionPattern::Wave, wire::MotionPattern::Circle,
                   wire::MotionPattern::Shake, wire::MotionPattern::UpDown})
        if (name == motionPatternName(p))
            return p;
    return std::nullopt;
}

}  // namespace mote::protocol
