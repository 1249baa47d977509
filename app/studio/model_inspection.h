#pragma once
// Bring-your-own model preflight for the Model page: reads a .tflite with
// the validating reader, runs the inspector (ops, unsupported ops, arena
// plan, weights, MACs) and decides whether Mote can run it. A model with an
// unsupported op is refused with the same message `mote model run` gives
// (it names the op). Pure function; thread-safe.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

namespace mote::studio {

struct ModelInspection {
    QString path;
    bool readable = false;     // false: the file is not a valid .tflite (error says why)
    bool supported = false;    // readable, every op has a kernel and the graph plans
    QString error;             // why it is refused ("" when supported)
    nlohmann::json report;     // nn::inspectModel output (when readable)
    QStringList ops;           // unique builtin names
    QStringList unsupportedOps;
    uint64_t fileBytes = 0;
    uint64_t weightsBytes = 0;
    std::optional<uint64_t> arenaBytes;         // absent when the graph cannot be planned
    std::optional<uint64_t> arenaLowerBoundBytes;
    int64_t macs = 0;
};

ModelInspection inspectTfliteFile(const QString& path);

}  // namespace mote::studio
