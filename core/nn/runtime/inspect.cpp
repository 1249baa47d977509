#include "nn/runtime/inspect.h"

#include <set>

#include "nn/plan/plan.h"
#include "nn/runtime/prepare.h"

namespace mote::nn {
namespace {

nlohmann::json tensorJson(const Model& model, int32_t index, const Plan* plan) {
    const Tensor& t = model.tensors[static_cast<size_t>(index)];
    nlohmann::json j = {{"index", index},    {"name", t.name},          {"dtype", dtypeName(t.type)},
                        {"shape", t.shape},  {"bytes", t.bytes()},      {"constant", t.isConstant()}};
    if (t.quant.quantized()) {
        j["scale"] = t.quant.scales.size() == 1 ? nlohmann::json(t.quant.scales[0]) : nlohmann::json(t.quant.scales);
        j["zero_point"] = t.quant.zeroPoints.size() == 1 ? nlohmann::json(t.quant.zeroPoints[0])
                                                         : nlohmann::json(t.quant.zeroPoints);
        if (t.quant.scales.size() > 1) j["quantized_dimension"] = t.quant.quantizedDimension;
    }
    if (plan && plan->offsets[static_cast<size_t>(index)] >= 0) j["arena_offset"] = plan->offsets[static_cast<size_t>(index)];
    return j;
}

}  // namespace

nlohmann::json inspectModel(const Model& model, size_t alignment) {
    nlohmann::json report;
    report["description"] = model.description;
    report["subgraphs"] = model.subgraphCount;
    std::vector<std::string> ops;
    std::set<std::string> seen;
    for (const Operator& op : model.operators)
        if (seen.insert(op.name()).second) ops.push_back(op.name());
    report["ops"] = ops;
    report["unsupported_ops"] = unsupportedOps(model);
    report["weights_bytes"] = model.weightsBytes();

    auto plan = planModel(model, alignment);
    const Plan* p = plan.ok() ? &*plan : nullptr;
    if (p) {
        report["arena_bytes"] = p->arenaBytes;
        report["arena_lower_bound_bytes"] = p->lowerBoundBytes;
        report["arena_alignment"] = p->alignment;
    } else {
        report["arena_bytes"] = nullptr;
        report["arena_lower_bound_bytes"] = nullptr;
        report["plan_error"] = plan.message();
    }

    int64_t macs = 0;
    nlohmann::json operators = nlohmann::json::array();
    for (size_t i = 0; i < model.operators.size(); ++i) {
        const Operator& op = model.operators[i];
        nlohmann::json j = {{"index", i}, {"op", op.name()}, {"version", op.version},
                            {"inputs", op.inputs}, {"outputs", op.outputs}};
        auto prepared = prepareOp(model, static_cast<int>(i));
        if (prepared) {
            j["kernel"] = kernelKindName(prepared->kind);
            j["macs"] = prepared->macs;
            macs += prepared->macs;
        } else {
            j["error"] = prepared.message();
        }
        operators.push_back(std::move(j));
    }
    report["macs"] = macs;
    report["operators"] = std::move(operators);
    nlohmann::json tensors = nlohmann::json::array();
    for (size_t i = 0; i < model.tensors.size(); ++i) tensors.push_back(tensorJson(model, static_cast<int32_t>(i), p));
    report["tensors"] = std::move(tensors);
    nlohmann::json inputs = nlohmann::json::array(), outputs = nlohmann::json::array();
    for (int32_t t : model.inputs) inputs.push_back(tensorJson(model, t, p));
    for (int32_t t : model.outputs) outputs.push_back(tensorJson(model, t, p));
    report["inputs"] = std::move(inputs);
    report["outputs"] = std::move(outputs);
    return report;
}

}  // namespace mote::nn
