#include "train/quantization_estimates.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "firmware/board_profile.h"

namespace mote::train {

Result<std::vector<LatencyEstimate>> latencyEstimates(int64_t macs, double hostInferenceUs,
                                                      const std::filesystem::path& boardsDir) {
    auto profiles = firmware::loadBoardProfiles(boardsDir.empty() ? firmware::defaultBoardsDir() : boardsDir);
    if (!profiles) return profiles.error();
    std::vector<LatencyEstimate> out;
    for (const auto& p : *profiles) {
        LatencyEstimate e;
        e.board = p.name;
        e.displayName = p.displayName;
        e.core = p.core;
        e.clockHz = p.clockHz;
        // The "estimate" object is read from the file itself: it is a
        // quantization-report figure, not part of the board's firmware profile.
        std::ifstream in(p.sourceFile);
        const auto doc = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}), nullptr, false);
        double cpm = 0;
        if (doc.is_object() && doc.contains("estimate") && doc["estimate"].is_object() &&
            doc["estimate"].contains("cycles_per_mac") && doc["estimate"]["cycles_per_mac"].is_number())
            cpm = doc["estimate"]["cycles_per_mac"].get<double>();
        char buf[160];
        if (p.clockHz == 0) {
            e.note = "no fixed clock";
            if (hostInferenceUs > 0) {
                std::snprintf(buf, sizeof buf, "; measured host inference %.1f us (this computer, not a board)",
                              hostInferenceUs);
                e.note += buf;
            }
        } else if (cpm <= 0) {
            e.note = "no cycles_per_mac in the board profile's \"estimate\" object";
        } else {
            e.applicable = true;
            e.cyclesPerMac = cpm;
            e.estimatedMs = static_cast<double>(macs) * cpm / static_cast<double>(p.clockHz) * 1000.0;
            std::snprintf(buf, sizeof buf, "estimate: %lld MACs x %.2f cycles/MAC at %.1f MHz (not measured)",
                          static_cast<long long>(macs), cpm, p.clockHz / 1e6);
            e.note = buf;
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace mote::train
