#include "model_inspection.h"

#include <QFileInfo>

#include "nn/runtime/executor.h"
#include "nn/runtime/inspect.h"
#include "nn/tflite/reader.h"

namespace mote::studio {

ModelInspection inspectTfliteFile(const QString& path) {
    ModelInspection out;
    out.path = path;
    out.fileBytes = static_cast<uint64_t>(QFileInfo(path).size());
    auto model = nn::readModelFile(path.toStdString());
    if (!model) {
        out.error = QString::fromStdString(model.message());
        return out;
    }
    out.readable = true;
    out.report = nn::inspectModel(*model);
    for (const auto& op : out.report.value("ops", nlohmann::json::array()))
        out.ops << QString::fromStdString(op.get<std::string>());
    for (const auto& op : out.report.value("unsupported_ops", nlohmann::json::array()))
        out.unsupportedOps << QString::fromStdString(op.get<std::string>());
    out.weightsBytes = out.report.value("weights_bytes", uint64_t{0});
    if (out.report["arena_bytes"].is_number())
        out.arenaBytes = out.report["arena_bytes"].get<uint64_t>();
    if (out.report["arena_lower_bound_bytes"].is_number())
        out.arenaLowerBoundBytes = out.report["arena_lower_bound_bytes"].get<uint64_t>();
    out.macs = out.report.value("macs", int64_t{0});
    // The executor is what `mote model run` and deployment rely on: if it
    // cannot be built, its message (naming the op) is the refusal.
    auto executor = nn::Executor::create(std::move(*model));
    if (!executor) {
        out.error = QString::fromStdString(executor.message());
        return out;
    }
    out.supported = true;
    return out;
}

}  // namespace mote::studio
