#include "device/device_json.h"

namespace mote::device {

nlohmann::json capabilitiesJson(const protocol::CapabilitiesMessage& caps) {
    nlohmann::json sensors = nlohmann::json::array();
    for (const auto& s : caps.sensors)
        sensors.push_back({{"id", s.id},
                           {"name", s.name},
                           {"axes", s.axes},
                           {"units", s.units},
                           {"scales", s.scales},
                           {"ratesHz", s.ratesHz},
                           {"dataType", s.dataType == protocol::DataType::Int16 ? "int16" : "float32"},
                           {"maxChunkSamples", s.maxChunkSamples}});
    nlohmann::json model = nullptr;
    if (caps.model)
        model = {{"id", caps.model->id}, {"hash", caps.model->hash}, {"labels", caps.model->labels}};
    return {{"board", caps.boardName},
            {"firmware", caps.firmwareVersion},
            {"deviceId", caps.deviceId},
            {"protocol", std::to_string(caps.protocolMajor) + "." + std::to_string(caps.protocolMinor)},
            {"sensors", sensors},
            {"model", model},
            {"ramBytes", caps.ramBytes},
            {"flashBytes", caps.flashBytes},
            {"clockHz", caps.clockHz}};
}

nlohmann::json countersJson(const SessionCounters& c) {
    return {{"bytes", c.bytes},
            {"frames", c.frames},
            {"crcErrors", c.crcErrors},
            {"malformedFrames", c.malformedFrames},
            {"lostFrames", c.lostFrames},
            {"outOfOrder", c.outOfOrder},
            {"badMessages", c.badMessages},
            {"samples", c.samples},
            {"lostSamples", c.lostSamples},
            {"boardOverrunSamples", c.boardOverrunSamples},
            {"boardRxErrors", c.boardRxErrors},
            {"framesPerSecond", c.framesPerSecond},
            {"bytesPerSecond", c.bytesPerSecond}};
}

nlohmann::json driftJson(const DriftEstimate& d) {
    if (!d.valid)
        return nullptr;
    return {{"ppm", d.ppm}, {"spanSeconds", d.spanSeconds}, {"points", d.points}};
}

nlohmann::json recordResultJson(const RecordResult& r) {
    nlohmann::json samples = nlohmann::json::array();
    for (const auto& s : r.samples)
        samples.push_back({{"id", s.id},
                           {"frames", s.frames},
                           {"split", s.split},
                           {"lossy", s.lossy},
                           {"lostSamples", s.lostSamples},
                           {"lostFrames", s.lostFrames},
                           {"crcErrors", s.crcErrors},
                           {"boardOverrunSamples", s.boardOverrunSamples}});
    nlohmann::json out = {{"sessionId", r.sessionId}, {"samples", samples}};
    out["error"] = r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error);
    return out;
}

}  // namespace mote::device
