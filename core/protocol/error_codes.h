#pragma once
// Text for the frozen protocol error codes (mote.wire.ErrorCode). Portable.
#include "mote_protocol_generated.h"

namespace mote::protocol {

using ErrorCode = mote::wire::ErrorCode;

// A short English sentence; never null, "unknown error code" for values a
// newer peer may send.
inline const char* errorCodeText(ErrorCode code) {
    switch (code) {
    case ErrorCode::None: return "no error";
    case ErrorCode::UnknownMessage: return "message type not understood by the receiver";
    case ErrorCode::BadRequest: return "malformed or inconsistent request";
    case ErrorCode::UnsupportedVersion: return "protocol major version not supported";
    case ErrorCode::UnknownSensor: return "no such sensor on this board";
    case ErrorCode::UnsupportedRate: return "sample rate not supported by this sensor";
    case ErrorCode::Busy: return "board is busy with another operation";
    case ErrorCode::Overrun: return "samples were dropped because the link was too slow";
    case ErrorCode::Internal: return "internal error on the board";
    case ErrorCode::NotSupported: return "operation not supported by this board";
    case ErrorCode::NotSampling: return "sensor is not sampling";
    }
    return "unknown error code";
}

}  // namespace mote::protocol
