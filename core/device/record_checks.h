#pragma once
// Request checks shared by the two recorders (Recorder for protocol boards,
// recordForwarder for boards that print lines), so both refuse the same
// bad requests with the same words before anything is opened or stored.
#include <optional>
#include <string>

#include "common/result.h"
#include "dataset/sample.h"

namespace mote::device {

// A label, at least one sample, a positive length and a known split.
// Returns the fixed split, or nullopt for "auto" (split by content hash).
inline Result<std::optional<dataset::Split>> checkRecordBasics(const std::string& label, int count,
                                                               double lengthSeconds, const std::string& split) {
    if (label.empty())
        return makeError("a label is needed to record (e.g. --label wave)");
    if (count < 1)
        return makeError("count must be at least 1");
    if (!(lengthSeconds > 0))
        return makeError("length must be more than 0 seconds");
    if (split == "auto")
        return std::optional<dataset::Split>{};
    auto fixed = dataset::splitFromName(split);
    if (!fixed)
        return makeError("split must be train, test or auto, not '" + split + "'");
    return std::optional<dataset::Split>{*fixed};
}

}  // namespace mote::device
