#pragma once
// JSON views of what a board reports, shared by the CLI (--json) and
// anything else that logs or exports device state. Thread-safe (pure).
#include <nlohmann/json.hpp>

#include "device/recorder.h"
#include "device/session_types.h"
#include "protocol/messages.h"

namespace mote::device {

// {board, firmware, deviceId, protocol, sensors:[{id,name,axes,units,scales,ratesHz,dataType}], model|null, ramBytes, flashBytes, clockHz}
nlohmann::json capabilitiesJson(const protocol::CapabilitiesMessage& caps);
nlohmann::json countersJson(const SessionCounters& counters);
nlohmann::json driftJson(const DriftEstimate& drift);
nlohmann::json recordResultJson(const RecordResult& result);

}  // namespace mote::device
